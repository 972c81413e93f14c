"""Human text for ``xml2argv explain CODE`` (jinja2: prose, never argv)."""

from __future__ import annotations

import jinja2

from compiler.codes import Code

_TEMPLATE = """\
{{ code.id }} ({{ code.slug }}){% if code.retired %} [retired]{% endif %}

  message: {{ code.template }}
  help:    {{ code.help }}

{{ explain }}
"""


def render_explain(code: Code) -> str:
    import textwrap

    env = jinja2.Environment(
        undefined=jinja2.StrictUndefined, autoescape=False, keep_trailing_newline=True
    )
    body = textwrap.fill(code.explain, width=78, initial_indent="  ", subsequent_indent="  ")
    return env.from_string(_TEMPLATE).render(code=code, explain=body)
