"""The one registry of diagnostic codes.

Codes are stable: never reuse or renumber one; a retired code stays with ``retired=True``.
``E0xx`` XML and schema, ``E1xx`` reading and lowering, ``E2xx`` policy refusals,
``E3xx`` address and alias conflicts, ``W...`` warnings. ``xml2argv explain CODE`` prints
``explain``; every message template names values through ``{placeholders}``.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Code:
    id: str
    slug: str
    template: str
    help: str
    explain: str
    retired: bool = False


# --- E0xx: the input gate and the schema ------------------------------------------------

E001_MALFORMED_XML = Code(
    "E001",
    "malformed-xml",
    "the document is not well-formed XML: {detail}",
    "fix the XML syntax at the position shown",
    "The input gate parses the document with a hardened libxml2 parser. A syntax error stops "
    "the compile at once; the position is the one libxml2 reports.",
)
E002_FORBIDDEN_MARKUP = Code(
    "E002",
    "forbidden-markup",
    "{what} is not allowed in domain XML",
    "remove the DTD, entity declaration, processing instruction or XInclude",
    "Domain XML never needs a DTD, entities, processing instructions or XInclude, and each "
    "of them is a way to make the parser read files, loop or change the meaning of the "
    "document (external entities, billion laughs, #FIXED namespace defaults). The gate "
    "refuses them before libxml2 sees the document.",
)
E003_UNKNOWN_NAMESPACE = Code(
    "E003",
    "unknown-namespace",
    "element {tag} is in the unknown namespace {uri}",
    "use no namespace for core elements, or http://libvirt.org/schemas/domain/qemu/1.0 "
    "for QEMU passthrough; foreign data belongs inside <metadata>",
    "Namespaces are compared by exact URI. Only the core vocabulary (no namespace) and v1 "
    "of the QEMU namespace are understood; anything else outside <metadata> is refused "
    "instead of being silently skipped.",
)
E004_SCHEMA = Code(
    "E004",
    "schema-invalid",
    "{detail}",
    "see schemas/core.xsd for the allowed elements, attributes and values",
    "The document does not validate against schemas/core.xsd and schemas/qemu-ns-v1.xsd. "
    "The core schema is extend-only: what validates today validates in every later release.",
)
E005_TOO_LARGE = Code(
    "E005",
    "input-too-large",
    "the input is larger than {limit} bytes",
    "raise the limit with --max-input-size if the document is genuine",
    "The gate reads at most the size cap plus one byte, so a huge or endless input (a FIFO, "
    "/dev/zero) cannot exhaust memory.",
)
E006_BAD_ENCODING = Code(
    "E006",
    "bad-encoding",
    "{detail}",
    "save the document as UTF-8 (a BOM is allowed) and declare no other encoding",
    "Domain XML must be UTF-8. Other encodings let two parsers disagree about the content.",
)
E007_BAD_ROOT = Code(
    "E007",
    "bad-root",
    "the root element is {tag}, expected <domain> in no namespace",
    "the document must be a single <domain> element",
    "xml2argv compiles libvirt domain documents; the root must be <domain>.",
)
E008_TOO_COMPLEX = Code(
    "E008",
    "too-complex",
    "the document exceeds the {what} limit of {limit}",
    "real domain XML is far below these limits; check the input's origin",
    "Depth and element-count limits bound the work done for any input.",
)
E009_CONTROL_CHARACTER = Code(
    "E009",
    "control-character",
    "{where} contains the control or invisible character {char}",
    "remove the character; values that reach the command line must be plain text",
    "Control characters, line and paragraph separators, bidi controls and zero-width "
    "characters could hide or split values on the command line, in scripts and in logs.",
)
E010_DUPLICATE_ELEMENT = Code(
    "E010",
    "duplicate-element",
    "<{tag}> may occur only once here",
    "remove the repeated element",
    "Singletons such as <name>, <uuid>, <memory> and <os> occur once; a second one is an "
    "error, never 'first wins'.",
)

# --- E1xx: reading and lowering ---------------------------------------------------------

E101_NOT_SUPPORTED = Code(
    "E101",
    "not-supported-yet",
    "{what} is not supported yet",
    "remove it, or use <qemu:commandline> passthrough until xml2argv supports it",
    "The schema accepts this element or attribute, but no part of the compiler understands "
    "it yet. xml2argv never drops input silently.",
)
E102_UNSUPPORTED_VALUE = Code(
    "E102",
    "unsupported-value",
    "{what} {value} is not supported",
    "use one of the values the target supports",
    "The value is valid XML, but the target QEMU or the compiler cannot express it.",
)
E103_BAD_INTEGER = Code(
    "E103",
    "bad-integer",
    "{what} {value} is not a valid {kind}",
    "write a plain decimal number (or 0x-prefixed hexadecimal where allowed) in range",
    "Integers are parsed strictly: no stray signs, no overflow, units checked.",
)
E104_INVALID_CONFIG = Code(
    "E104",
    "invalid-configuration",
    "{detail}",
    "fix the configuration as the message says",
    "The document is well-formed and valid, but the combination of settings is one that "
    "libvirt (and so xml2argv) refuses: a semantic check.",
)
E105_MISSING = Code(
    "E105",
    "missing-value",
    "{what} is required",
    "add the missing element or attribute",
    "A value that the compiler needs is absent.",
)
E106_UNSUPPORTED_TARGET = Code(
    "E106",
    "unsupported-by-target",
    "{what} is not supported by target {target}",
    "choose another --target, or remove the feature",
    "The target's capability data says this QEMU cannot do it.",
)
E107_BAD_NAME = Code(
    "E107",
    "bad-name",
    "{what} {value} does not match {grammar}",
    "use only the characters the grammar allows",
    "Names and aliases are validated against their grammar, never escaped.",
)

E108_UNSAFE_OPTION_VALUE = Code(
    "E108",
    "unsafe-option-value",
    "{value} cannot be passed as the first value of {option}: QEMU would read it as {reading}",
    "use a value without '=' that is not 'help' or '?'",
    "The first element of a QEMU key=value option has an implied key. QEMU reads a first "
    "element containing '=' as another key, and 'help' or '?' as a request to print help "
    "and exit, so such a value from the input cannot be passed safely.",
)

E109_QAPI_MISMATCH = Code(
    "E109",
    "qapi-mismatch",
    "{option} does not match the QAPI schema of target {target}: {detail}",
    "report it: xml2argv produced an option the target QEMU would reject",
    "With --check-qapi every -blockdev, -netdev and -object value is checked against the "
    "target QEMU's own description of those options (query-qmp-schema), as libvirt's test "
    "suite does. A mismatch means QEMU would refuse to start.",
)

# --- E2xx: policy refusals ----------------------------------------------------------------

E201_STDIO_CHARDEV = Code(
    "E201",
    "stdio-chardev",
    "<{tag}> uses type='stdio', which is refused",
    "use type='pty', type='unix' (a socket) or type='file' instead",
    "QEMU runs daemonized with stdin/stdout on /dev/null, so a stdio character device "
    "would wire the guest to whoever ran the compiler, or to nothing. Use a pty, a unix "
    "socket or a file.",
)

E203_NET_NEEDS_NETWORK_DRIVER = Code(
    "E203",
    "net-needs-network-driver",
    "<interface type='network'> needs libvirt's network driver to find the network's bridge",
    "compile with --network NAME=BRIDGE (e.g. --network default=virbr0), or use "
    "type='bridge' with <source bridge='...'/>",
    "A libvirt network is a name that libvirt's network driver resolves, when the domain "
    "starts, into a bridge (or a pool of host devices) and firewall rules. xml2argv "
    "compiles without a daemon, so it cannot look the name up. Say which bridge the network "
    "uses with --network NAME=BRIDGE, or name the bridge directly with <interface "
    "type='bridge'>; the standalone profile connects to it through qemu-bridge-helper.",
)

E202_TERMINAL_CHARDEV = Code(
    "E202",
    "terminal-chardev",
    "chardev {what} {path} is the terminal or a standard stream, refused like type='stdio'",
    "use type='pty', type='unix' (a socket) or a regular file instead",
    "Paths such as /dev/tty, /dev/stdin, /dev/stdout, /dev/fd/0-2 and /proc/self/fd/0-2 "
    "reach the caller's terminal or standard streams, exactly like type='stdio'. A "
    "daemonized QEMU has none, so they are refused.",
)
E204_CURSES_GRAPHICS = Code(
    "E204",
    "curses-graphics",
    "curses graphics draw on the terminal, which is refused",
    "use <graphics type='vnc'/> or <graphics type='spice'/>",
    "The curses display renders the guest's text console on QEMU's terminal. A daemonized "
    "QEMU has no terminal; use VNC or SPICE for a remote display.",
)
E205_NET_SCRIPT = Code(
    "E205",
    "net-script",
    "<{tag}> on an interface makes QEMU run a script, which is refused",
    "pre-create the tap and use <target dev='tap0' managed='no'/> (emitted with "
    "script=no,downscript=no)",
    "Interface scripts run as the QEMU process and need CAP_NET_ADMIN, which a confined "
    "QEMU does not have. Create the tap device beforehand and hand it over unmanaged.",
)
E210_PASSTHROUGH_STDIO = Code(
    "E210",
    "passthrough-stdio",
    "passthrough {option} {value} connects a device to stdio or the terminal, which is refused",
    "use a pty or unix socket chardev in the core XML (<serial type='pty'>, <serial type='unix'>)",
    "<qemu:arg> passthrough is parsed the way QEMU parses its command line, and any option "
    "that would wire a serial port, monitor, QMP, debug console or chardev to QEMU's "
    "standard streams (stdio, mon:stdio, a terminal path) is refused, in every spelling "
    "(-opt, --opt, -opt=value, JSON).",
)
E211_PASSTHROUGH_TERMINAL_DISPLAY = Code(
    "E211",
    "passthrough-terminal-display",
    "passthrough {option} draws on the terminal, which is refused",
    "use <graphics type='vnc'/> or <graphics type='spice'/>",
    "-nographic multiplexes the guest's serial console and the monitor onto stdio, and "
    "-curses / -display curses draw on the terminal. A daemonized QEMU has neither.",
)
E212_PASSTHROUGH_DAEMONIZE = Code(
    "E212",
    "passthrough-daemonize",
    "passthrough -daemonize is refused",
    "let the service manager run QEMU in the foreground",
    "-daemonize forks QEMU away from whatever supervises it (a service manager, a "
    "launcher), which then loses track of the guest.",
)
E213_PASSTHROUGH_NET_SCRIPT = Code(
    "E213",
    "passthrough-net-script",
    "passthrough {option} {value} makes QEMU run a network script, which is refused",
    "pre-create the tap and pass script=no,downscript=no (or use <interface type='ethernet'> "
    "with <target dev='tap0' managed='no'/>)",
    "A tap netdev runs /etc/qemu-ifup (or the given script) unless script=no, and the "
    "script needs CAP_NET_ADMIN. Only pre-created taps with script=no and downscript=no "
    "are accepted.",
)
E214_PASSTHROUGH_SANDBOX = Code(
    "E214",
    "passthrough-sandbox",
    "passthrough {option} would override or hide options from the compiler's own sandbox",
    "remove it; xml2argv always emits -sandbox and options it can check",
    "xml2argv emits '-sandbox on,...' itself. A second -sandbox could weaken it, and "
    "-readconfig / -set would add options that the compiler never sees or checks.",
)

E220_STRICT_PASSTHROUGH = Code(
    "E220",
    "strict-passthrough",
    "<qemu:{element}> is not allowed under --policy strict",
    "express the configuration in the core XML, or compile with the default policy",
    "--policy strict is for input from tenants: QEMU passthrough (arguments, environment, "
    "capability overrides, device property overrides) bypasses every check the compiler "
    "makes, so none of it is accepted.",
)
E221_STRICT_PATH = Code(
    "E221",
    "strict-path",
    "host path {path} {why} under --policy strict",
    "use an absolute path without '..' below a directory given with --allow-path-root",
    "Under --policy strict every host path (disk images, kernels, chardev files and "
    "sockets, filesystem sources) must be absolute, free of '..', and inside one of the "
    "roots given with --allow-path-root. Without roots no host path is accepted.",
)
E222_STRICT_HOST_DEVICE = Code(
    "E222",
    "strict-host-device",
    "{what} gives the guest a host device, which --policy strict refuses",
    "use an image file, or compile with --allow-host-devices",
    "Host block devices and host device assignment expose host hardware to the guest; under "
    "--policy strict they need --allow-host-devices.",
)
E223_STRICT_DISK_FORMAT = Code(
    "E223",
    "strict-disk-format",
    "disk {target} does not state its image format",
    "add <driver name='qemu' type='raw'/> (or qcow2...) to the disk",
    "Under --policy strict every disk states its format, so that an image's content can "
    "never decide how QEMU reads it (a raw image that looks like qcow2 could name a backing "
    "file on the host).",
)

E224_STRICT_EMULATOR = Code(
    "E224",
    "strict-emulator",
    "<emulator> {path} is not the target's QEMU {expected}",
    "remove <emulator> (the target's QEMU is used) or name exactly that binary",
    "The emulator is the program that the launcher, the shell script or the systemd unit "
    "executes. Under --policy strict a tenant's XML may not choose another program: only "
    "the target's own QEMU binary is accepted.",
)

# --- E3xx: addresses and aliases ------------------------------------------------------------

E301_ADDRESS_CONFLICT = Code(
    "E301",
    "address-conflict",
    "{what} is already in use by {other}",
    "give each device its own address, or leave the address out to have one assigned",
    "Two devices ask for the same PCI slot, drive unit or port.",
)
E302_DUPLICATE_TARGET = Code(
    "E302",
    "duplicate-target",
    "target {value} is used by more than one disk",
    "give every disk its own <target dev=...>",
    "Disk targets name the guest-visible disk; they must be unique.",
)
E303_NO_FREE_ADDRESS = Code(
    "E303",
    "no-free-address",
    "no free {what} is left for {device}",
    "add a controller or bridge, or remove devices",
    "Automatic address assignment ran out of slots.",
)
E304_BAD_ADDRESS = Code(
    "E304",
    "bad-address",
    "{detail}",
    "use an address the device's bus can take, or leave it out",
    "The address type or value does not fit the device or its controller.",
)
E305_DUPLICATE_ALIAS = Code(
    "E305",
    "duplicate-alias",
    "alias {value} is used by more than one device",
    "give every <alias name='ua-...'> a unique name",
    "User aliases identify devices for qemu:override and monitoring; they must be unique.",
)

W001_IGNORED = Code(
    "W001",
    "ignored",
    "{what} has no effect on the command line",
    "remove it to silence this warning",
    "The element is accepted for compatibility but changes nothing in the argv.",
)


def all_codes() -> tuple[Code, ...]:
    """Every code, in id order (for ``explain`` and the registry tests)."""
    found = [v for v in globals().values() if isinstance(v, Code)]
    return tuple(sorted(found, key=lambda c: c.id))


def by_id(code_id: str) -> Code | None:
    for code in all_codes():
        if code.id == code_id.upper() or code.slug == code_id.lower():
            return code
    return None
