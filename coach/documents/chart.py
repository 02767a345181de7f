"""A small progress chart across practice takes, as SVG text (coach has no Qt; the front
end rasterises it for print).

Three panels — pace, fillers, script lines said — each with its target band as a grey
strip, the takes as a black line, and the take being reported as a larger filled dot.
Grey, black and marker size carry everything, so it reads the same in black and white."""

from __future__ import annotations

from html import escape

from coach.documents.targets import BANDS

PANELS = (("words_per_minute", "Pace (words a minute)", 60.0, 220.0),
          ("fillers_per_100_words", "Fillers per 100 words", 0.0, 10.0),
          ("script_coverage", "Script lines said (%)", 0.0, 1.0))
WIDTH, HEIGHT = 600, 150  # CSS pixels: about 6.25 × 1.5 inches
_PW, _TOP, _BOTTOM, _LEFT = WIDTH / 3, 24, 26, 34


def progress_svg(takes: list[dict], current: int, bands=BANDS) -> str:
    """`takes`: each take's metrics, oldest first; `current`: the index of the take the
    report is about; `bands`: the targets drawn as the grey strips."""
    by = {b.key: b for b in bands}
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{HEIGHT}" '
           f'viewBox="0 0 {WIDTH} {HEIGHT}" font-family="DejaVu Sans, Arial, sans-serif">',
           f'<rect x="0" y="0" width="{WIDTH}" height="{HEIGHT}" fill="#ffffff"/>']
    for i, (key, title, lo, hi) in enumerate(PANELS):
        out += _panel(i * _PW, by[key], title, lo, hi, takes, current)
    out.append("</svg>")
    return "\n".join(out)


def _panel(x0: float, band, title: str, lo: float, hi: float, takes: list[dict],
           current: int) -> list[str]:
    key = band.key
    values = [_num(t.get(key)) for t in takes]
    seen = [v for v in values if v is not None]
    lo, hi = min([lo] + seen), max([hi] + seen)  # never clip a take off the chart
    left, right = x0 + _LEFT, x0 + _PW - 12
    top, bottom = _TOP, HEIGHT - _BOTTOM

    def y(v: float) -> float:
        return bottom - (v - lo) / (hi - lo) * (bottom - top)

    def x(i: int) -> float:
        n = len(takes)
        return (left + right) / 2 if n == 1 else left + i * (right - left) / (n - 1)

    pct = key == "script_coverage"
    b_lo = band.low if band.low is not None else lo
    b_hi = band.high if band.high is not None else hi
    out = [f'<text x="{x0 + 4}" y="14" font-size="11" font-weight="bold">{escape(title)}</text>',
           f'<rect x="{left}" y="{y(b_hi):.1f}" width="{right - left}" '
           f'height="{y(b_lo) - y(b_hi):.1f}" fill="#d9d9d9"/>',
           f'<line x1="{left}" y1="{bottom}" x2="{right}" y2="{bottom}" stroke="#000" '
           f'stroke-width="1"/>',
           f'<line x1="{left}" y1="{top}" x2="{left}" y2="{bottom}" stroke="#000" '
           f'stroke-width="1"/>']
    for v in (lo, hi):
        label = f"{v * 100:.0f}" if pct else f"{v:.0f}"
        out.append(f'<text x="{left - 3}" y="{y(v) + 4:.1f}" font-size="9" '
                   f'text-anchor="end">{label}</text>')
    points = [(x(i), y(v)) for i, v in enumerate(values) if v is not None]
    if len(points) > 1:
        path = " ".join(f"{px:.1f},{py:.1f}" for px, py in points)
        out.append(f'<polyline points="{path}" fill="none" stroke="#000" stroke-width="1.5"/>')
    for i, v in enumerate(values):
        label_y = HEIGHT - _BOTTOM + 13
        out.append(f'<text x="{x(i):.1f}" y="{label_y}" font-size="9" '
                   f'text-anchor="middle">{i + 1}</text>')
        if v is None:
            continue
        if i == current:
            out.append(f'<circle cx="{x(i):.1f}" cy="{y(v):.1f}" r="5" fill="#000"/>')
        else:
            out.append(f'<circle cx="{x(i):.1f}" cy="{y(v):.1f}" r="3.5" fill="#fff" '
                       f'stroke="#000" stroke-width="1.5"/>')
    out.append(f'<text x="{(left + right) / 2:.1f}" y="{HEIGHT - 2}" font-size="9" '
               f'text-anchor="middle">take</text>')
    return out


def _num(v) -> float | None:
    return float(v) if isinstance(v, int | float) else None
