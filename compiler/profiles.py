"""Profiles (runtime conventions) and the HostProfile (host facts).

A :class:`Profile` decides how the argv talks to its runtime: where the monitor socket
lives, whether file descriptors are inherited, which environment is passed. ``standalone``
(the default) gives a command that runs by itself; ``libvirt-test`` reproduces libvirt's
test-suite conventions byte for byte (HARNESS.md §3). A :class:`HostProfile` holds every
host fact the output depends on, so that output never depends on the machine running the
compiler.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Literal

from compiler import firmware
from compiler.firmware import FirmwareDescriptor

ProfileName = Literal["standalone", "libvirt-test"]


@dataclass(frozen=True, slots=True)
class DisplayConfig:
    """The qemu.conf display settings a profile implies (libvirt's virQEMUDriverConfig)."""

    listen_address: str  # vnc_listen / spice_listen
    spice_tls_dir: str | None  # spice_tls=1 + spice_tls_x509_cert_dir
    spice_password: bool  # spice_password: tickets are set through the monitor
    render_node: str | None  # the host DRM render node used for GL without rendernode=


@dataclass(frozen=True, slots=True)
class StoragePool:
    """A storage pool as the management daemon's storage driver knows it."""

    name: str
    type: str  # disk, dir, iscsi...
    host: str | None = None  # iSCSI portal host
    device: str | None = None  # iSCSI target IQN


@dataclass(frozen=True, slots=True)
class DaemonFacts:
    """What a management daemon hands QEMU at start: pre-opened descriptors and paths.

    The values are those of libvirt's test mocks (HARNESS.md §3.4). A standalone launch has
    no daemon: QEMU opens devices by path itself, and the profile's ``daemon`` is None.
    """

    tap_fd_base: int = 3  # taps 3, 4, ... (STDERR_FILENO + 1 + i)
    vhost_fd_base: int = 44  # vhost-net 44, 45, ...
    vdpa_fd: int = 1732
    vsock_fd: int = 6789
    vsock_auto_cid: int = 42
    tpm_fds: tuple[int, int] = (1730, 1731)  # TPM passthrough device and its cancel file
    swtpm_socket: str = "/dev/test"
    passt_dir: str = "/bad-test-used-env-xdg-runtime-dir/libvirt/qemu/run/passt"
    # libvirt's tests/storagepoolxml2xmlout pools, as its domain tests see them
    pools: tuple[StoragePool, ...] = (
        StoragePool(name="pool-disk", type="disk"),
        StoragePool(
            name="pool-iscsi", type="iscsi", host="iscsi.example.com", device="demo-target"
        ),
        StoragePool(
            name="pool-iscsi-auth", type="iscsi", host="iscsi.example.com", device="demo-target"
        ),
    )
    # descriptor groups handed over with the domain (the harness's ARG_FD_GROUP)
    fd_groups: tuple[tuple[str, tuple[int, ...]], ...] = (
        ("testgroup2", (700, 705)),
        ("testgroup5", (704,)),
        ("testgroup6", (777, 778)),
    )
    nbd_tls_dir: str = "/etc/pki/libvirt-nbd/dummy,path"  # nbd_tls_x509_cert_dir
    vhost_scsi_fd: int = 3  # the /dev/vhost-scsi descriptor of a vhost-scsi <hostdev>
    scsi_sg_device: str = "/dev/sg0"  # the sg node libvirt finds for every SCSI host LUN


TEST_DISPLAY = DisplayConfig(
    listen_address="127.0.0.1",
    spice_tls_dir="/etc/pki/libvirt-spice",
    spice_password=True,
    render_node="/dev/dri/foo",  # the test harness's mock of virHostGetDRMRenderNode
)
# No daemon sets tickets or provides certificates for a standalone launch, and the compiler
# never probes the host: QEMU picks the render node itself.
STANDALONE_DISPLAY = DisplayConfig(
    listen_address="127.0.0.1", spice_tls_dir=None, spice_password=False, render_node=None
)


@dataclass(frozen=True, slots=True)
class Profile:
    name: ProfileName
    lib_dir: str  # the per-domain state directory is lib_dir/domain-<id>-<name>
    domain_id: int
    inherit_fds: bool  # libvirt passes pre-opened fds; standalone uses paths
    monitor_fd: int | None  # the fake listening fd libvirt's tests use
    master_key: bool  # emit the master-key secret object
    env_base: tuple[tuple[str, str], ...]  # passed before HOME/XDG_*
    env_user: tuple[tuple[str, str], ...]  # USER, LOGNAME
    file_fd_base: int | None  # first fd of -add-fd file chardev sources
    log_fd: int | None
    # A management daemon starts the CPUs (-S, then QMP 'cont') and inspects a shut-down
    # guest (-no-shutdown); a standalone launch runs at once and exits with the guest.
    managed: bool
    display: DisplayConfig
    daemon: DaemonFacts | None  # None: nothing is handed over (standalone)
    # Driver configuration for guest memory and firmware (qemu.conf): hugetlbfs mounts as
    # (path, page size KiB) with the default page size first, the directory of file-backed
    # guest RAM, the directory of per-domain UEFI variable stores.
    hugetlbfs: tuple[tuple[str, int], ...] = ()
    memory_backing_dir: str = ""
    nvram_dir: str = ""
    host_numa_nodes: int | None = None  # host NUMA nodes 0..N-1 (None: not checked)
    auto_nodeset: tuple[int, ...] | None = None  # numad's advice for placement='auto'
    firmware: tuple[FirmwareDescriptor, ...] = ()  # for <os firmware=...>, in priority order

    def short_name(self, domain_name: str) -> str:
        return f"{self.domain_id}-{domain_name[:20]}"

    def state_dir(self, domain_name: str) -> str:
        return f"{self.lib_dir}/domain-{self.short_name(domain_name)}"


LIBVIRT_TEST = Profile(
    name="libvirt-test",
    lib_dir="/tmp/lib",
    domain_id=-1,
    inherit_fds=True,
    monitor_fd=1729,
    master_key=True,
    env_base=(("LC_ALL", "C"), ("PATH", "/bin")),
    env_user=(("USER", "test"), ("LOGNAME", "test")),
    file_fd_base=1750,
    log_fd=1751,
    managed=True,
    display=TEST_DISPLAY,
    daemon=DaemonFacts(),
    hugetlbfs=(("/dev/hugepages2M", 2048), ("/dev/hugepages1G", 1048576)),
    memory_backing_dir="/var/lib/libvirt/qemu/ram",
    nvram_dir="/var/lib/libvirt/qemu/nvram",
    host_numa_nodes=8,
    auto_nodeset=(0, 1, 2, 3),
    firmware=firmware.LIBVIRT_TEST,
)


def standalone(state_root: str) -> Profile:
    return Profile(
        name="standalone",
        lib_dir=state_root,
        domain_id=1,
        inherit_fds=False,
        monitor_fd=None,
        master_key=False,
        env_base=(("LC_ALL", "C"),),
        env_user=(),
        file_fd_base=None,
        log_fd=None,
        managed=False,
        display=STANDALONE_DISPLAY,
        daemon=None,
        hugetlbfs=(("/dev/hugepages", 2048),),
        memory_backing_dir=f"{state_root}/ram",
        nvram_dir=f"{state_root}/nvram",
    )


PROFILE_NAMES: tuple[ProfileName, ...] = ("standalone", "libvirt-test")
DEFAULT_STATE_ROOT = "/var/lib/xml2argv"


def get(name: ProfileName, state_root: str = DEFAULT_STATE_ROOT) -> Profile:
    if name == "libvirt-test":
        return LIBVIRT_TEST
    return standalone(state_root)


@dataclass(frozen=True, slots=True)
class HostProfile:
    """Host facts; ``fixed()`` for tests and goldens, ``from_environment()`` for the CLI."""

    default_uuid: str
    page_size_kib: int = 4

    @staticmethod
    def fixed() -> HostProfile:
        return HostProfile(default_uuid="00000000-0000-0000-0000-000000000000")

    @staticmethod
    def from_environment() -> HostProfile:
        # The UUID of a domain without <uuid> must still be reproducible: derive none from
        # time or randomness unless the caller asks for it.
        uuid = os.environ.get("XML2ARGV_DEFAULT_UUID", "00000000-0000-0000-0000-000000000000")
        return HostProfile(default_uuid=uuid)
