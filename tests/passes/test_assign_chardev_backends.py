"""assign-chardev-backends: descriptors under libvirt, paths standalone."""

from __future__ import annotations

from compiler import profiles
from passes.assign_chardev_backends import assign_chardev_backends
from tests.passes.chardev_builders import chardev, context, domain, src


def test_file_and_log_get_fd_sets_in_device_order() -> None:
    first = chardev("serial", src("file", path="/a", log_file="/l"), target_type="isa-serial")
    second = chardev("parallel", src("file", path="/b"))
    out = assign_chardev_backends(domain(serials=(first,), parallels=(second,)), context())
    assert (out.serials[0].source.fdset, out.serials[0].source.log_fdset) == (0, 1)
    assert out.parallels[0].source.fdset == 2


def test_listening_unix_socket_is_inherited_under_libvirt() -> None:
    serial = chardev("serial", src("unix", path="/s", listen=True))
    out = assign_chardev_backends(domain(serials=(serial,)), context())
    assert out.serials[0].source.listen_fd == 1729


def test_standalone_uses_paths_and_names_channel_sockets() -> None:
    channel = chardev("channel", src("unix", listen=True), target_type="virtio", target_name="a.b")
    file = chardev("serial", src("file", path="/a"))
    ctx = context(profiles.standalone("/run/x"))
    out = assign_chardev_backends(domain(channels=(channel,), serials=(file,)), ctx)
    assert out.channels[0].source.path == "/run/x/domain-1-guest/a.b"
    assert out.serials[0].source.fdset is None and out.channels[0].source.listen_fd is None


def test_fd_sets_continue_after_the_disks_ones() -> None:
    from compiler.diagnostics import Span
    from compiler.ir.domain import Disk, StorageSource

    span = Span(file="t.xml", line=1, col=1)
    disk = Disk(
        span=span,
        device="disk",
        target="vda",
        bus="virtio",
        source=StorageSource(span=span, type="file", path="/d", format="raw", fdset=0),
    )
    serial = chardev("serial", src("file", path="/a"), target_type="isa-serial")
    out = assign_chardev_backends(domain(serials=(serial,), disks=(disk,)), context())
    assert out.serials[0].source.fdset == 1
