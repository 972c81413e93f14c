"""Give every <interface> without a <model> libvirt's default NIC model.

libvirt's post-parse (qemuDomainDeviceNetDefPostParse) picks the model the guest sees when
the XML names none: a vDPA device is always virtio-net; other interfaces get the
architecture's default (qemuDomainDefaultNetModel), which is rtl8139 on x86 because every
PC guest has a driver for it, and virtio elsewhere. A type='hostdev' interface is a
passed-through PCI function and has no emulated model.
Before: Net(type='user', model=None)
After:  Net(type='user', model='rtl8139')
Postcondition: every Net except type='hostdev' has a model.
"""

from __future__ import annotations

from dataclasses import replace

from compiler.ir.domain import Domain
from compiler.ir.net import Net
from compiler.passmanager import Pass, PassContext

_X86 = frozenset({"x86_64", "i686"})


def fill_net_defaults(dom: Domain, ctx: PassContext) -> Domain:
    if all(net.model or net.type == "hostdev" for net in dom.nets):
        return dom
    default = "rtl8139" if dom.os.arch in _X86 else "virtio"
    return replace(dom, nets=tuple(_with_model(net, default) for net in dom.nets))


def _with_model(net: Net, default: str) -> Net:
    if net.model or net.type == "hostdev":
        return net
    return replace(net, model="virtio" if net.type == "vdpa" else default)


PASS = Pass(
    name="fill-net-defaults",
    run=fill_net_defaults,
    summary="Give interfaces without a <model> libvirt's default NIC model",
    ensures=lambda d: all(n.model or n.type == "hostdev" for n in d.nets),
)
