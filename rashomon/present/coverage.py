"""Coverage drawn and written: inline SVG bars and attention plots, JSON, terminal tables.

The figures are plain SVG with no script, style attribute or external asset, so they read
in any page (the web app's, the self-contained report) with or without JavaScript. Every
value from the data is escaped; each figure has a ``<title>`` and a description for screen
readers, and the numbers are also written as text beside the bars (and given as a table
under each plot). Colours are the Okabe-Ito palette (told apart by colour-blind readers);
groups without a value are grey; attention lines also differ in their dash and marker.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict
from typing import Any

from markupsafe import Markup
from rich.console import Console
from rich.table import Table
from rich.text import Text

from rashomon.compare.types import Comparison
from rashomon.outlets.coverage import NOT_GROUPS, Attention, Blindspot, Breakdown, OutletGaps
from rashomon.outlets.registry import NO_OUTLET, UNKNOWN, UNREGISTERED, Registry
from rashomon.outlets.voices import VOICE_CLASSES, Voices
from rashomon.present.compare_html import ARTICLE_COLOURS
from rashomon.store.sqlite import CoverageRow
from rashomon.types import Analysis

# Okabe-Ito's colours without the grey (kept for groups with no value).
PALETTE = (*ARTICLE_COLOURS[:6], "#000000")
NO_VALUE_COLOUR = "#9a9a9a"
DASHES = ("", "6 3", "2 3", "8 3 2 3", "1 2", "10 4", "4 4 1 4")
LABEL_CHARS = 24  # characters of a group's name shown beside its bar (all of it on hover)
BAR_WIDTH = 300
ROW_HEIGHT = 24
LABEL_WIDTH = 190
PLOT_WIDTH, PLOT_HEIGHT = 640, 220
# Text settings on each figure's root, as attributes: the figures read the same in a page
# without the stylesheet (and a style attribute would need the web app's CSP to allow it).
_SVG_TEXT = 'font-family="system-ui, sans-serif" font-size="12"'


def colours(groups: Sequence[str]) -> dict[str, str]:
    """A colour per group, in order, grey for groups without a value."""
    found: dict[str, str] = {}
    n = 0
    for group in groups:
        if group in (UNKNOWN, UNREGISTERED, NO_OUTLET):
            found[group] = NO_VALUE_COLOUR
        else:
            found[group] = PALETTE[n % len(PALETTE)]
            n += 1
    return found


def short(text: str, limit: int = LABEL_CHARS) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def heading(breakdown: Breakdown) -> str:
    name = breakdown.dimension
    return f"{name} ({breakdown.scale})" if breakdown.scale else name


def bars_svg(breakdown: Breakdown) -> Markup:
    """Horizontal bars, one per group, with the count and the group's name written out."""
    groups = breakdown.groups
    top = max((g.articles for g in groups), default=0) or 1
    palette = colours([g.group for g in groups])
    if breakdown.dimension == "outlet":  # one colour: an outlet's bar encodes only its length
        palette = {g: PALETTE[0] if c != NO_VALUE_COLOUR else c for g, c in palette.items()}
    height = ROW_HEIGHT * max(len(groups), 1) + 8
    width = LABEL_WIDTH + BAR_WIDTH + 60
    title = f"Articles by {heading(breakdown)}"
    desc = "; ".join(f"{g.group}: {g.articles}" for g in groups) or "no articles"
    parts = [
        Markup(
            '<svg class="coverage-bars" xmlns="http://www.w3.org/2000/svg" role="img" '
            f'{_SVG_TEXT} viewBox="0 0 {{w}} {{h}}" width="{{w}}" height="{{h}}">'
            "<title>{t}</title><desc>{d}</desc>"
        ).format(w=width, h=height, t=title, d=desc)
    ]
    for n, group in enumerate(groups):
        y = 4 + n * ROW_HEIGHT
        length = round(BAR_WIDTH * group.articles / top)
        outlets = ", ".join(group.outlets) or "none"
        parts.append(
            Markup(
                "<g><title>{full}: {count} article{s} ({outlets})</title>"
                '<text x="{lx}" y="{ty}" text-anchor="end" fill="#1f1f1f">{label}</text>'
                '<rect x="{bx}" y="{y}" width="{length}" height="{bh}" rx="2" fill="{fill}"/>'
                '<text x="{cx}" y="{ty}" fill="#1f1f1f">{count}</text></g>'
            ).format(
                full=group.group,
                count=group.articles,
                s="" if group.articles == 1 else "s",
                outlets=outlets,
                lx=LABEL_WIDTH - 8,
                ty=y + 15,
                label=short(group.group),
                bx=LABEL_WIDTH,
                y=y + 2,
                length=max(length, 1 if group.articles else 0),
                bh=ROW_HEIGHT - 6,
                fill=palette[group.group],
                cx=LABEL_WIDTH + length + 6,
            )
        )
    parts.append(Markup("</svg>"))
    return Markup("").join(parts)


def attention_svg(attention: Attention) -> Markup:
    """Lines of articles per bucket, one per group, with a legend; axes labelled."""
    series = attention.series
    width, height = PLOT_WIDTH, PLOT_HEIGHT
    left, right, top, bottom = 40, 10, 12, 34
    inner_w, inner_h = width - left - right, height - top - bottom
    peak = max((max(c) for _, c in series if c), default=0) or 1
    count = len(attention.buckets)
    palette = colours([g for g, _ in series])

    def x(n: int) -> float:
        return round(left + (inner_w * n / (count - 1) if count > 1 else inner_w / 2), 1)

    def y(value: int) -> float:
        return round(top + inner_h - inner_h * value / peak, 1)

    legend_rows = (len(series) + 2) // 3
    total_h = height + 18 * legend_rows
    title = f"Articles per {attention.bucket} by {attention.dimension}"
    desc = "; ".join(f"{g}: {sum(c)} articles" for g, c in series) or "no dated articles"
    parts = [
        Markup(
            '<svg class="attention" xmlns="http://www.w3.org/2000/svg" role="img" '
            f'{_SVG_TEXT} viewBox="0 0 {{w}} {{h}}" width="{{w}}" height="{{h}}">'
            "<title>{t}</title><desc>{d}</desc>"
            '<line x1="{l}" y1="{b}" x2="{r}" y2="{b}" stroke="#8a8a8a"/>'
            '<line x1="{l}" y1="{t0}" x2="{l}" y2="{b}" stroke="#8a8a8a"/>'
            '<text x="{lt}" y="{ty}" text-anchor="end" fill="#5f6368">{peak}</text>'
            '<text x="{lt}" y="{b}" text-anchor="end" fill="#5f6368">0</text>'
        ).format(
            w=width,
            h=total_h,
            t=title,
            d=desc,
            l=left,
            r=width - right,
            b=top + inner_h,
            t0=top,
            lt=left - 6,
            ty=top + 8,
            peak=peak,
        )
    ]
    if count:
        for n in sorted({0, count - 1, count // 2}):
            anchor = "start" if n == 0 else "end" if n == count - 1 else "middle"
            parts.append(
                Markup('<text x="{x}" y="{y}" text-anchor="{a}" fill="#5f6368">{d}</text>').format(
                    x=x(n), y=top + inner_h + 16, a=anchor, d=attention.buckets[n]
                )
            )
    for k, (group, counts) in enumerate(series):
        points = " ".join(f"{x(n)},{y(v)}" for n, v in enumerate(counts))
        dash = DASHES[k % len(DASHES)]
        parts.append(
            Markup(
                "<g><title>{g}: {total} articles</title>"
                '<polyline points="{p}" fill="none" stroke="{c}" stroke-width="2.2"{dash}/>'
            ).format(
                g=group,
                total=sum(counts),
                p=points,
                c=palette[group],
                dash=Markup(' stroke-dasharray="{}"').format(dash) if dash else "",
            )
        )
        for n, value in enumerate(counts):
            if value:
                parts.append(
                    Markup(
                        '<circle cx="{x}" cy="{y}" r="3" fill="{c}"><title>{g}, {d}: {v}</title>'
                        "</circle>"
                    ).format(
                        x=x(n),
                        y=y(value),
                        c=palette[group],
                        g=group,
                        d=attention.buckets[n],
                        v=value,
                    )
                )
        parts.append(Markup("</g>"))
        lx = left + (k % 3) * (inner_w // 3)
        ly = height + 4 + 18 * (k // 3)
        parts.append(
            Markup(
                "<g><title>{g}</title>"
                '<line x1="{x1}" y1="{y}" x2="{x2}" y2="{y}" stroke="{c}" stroke-width="3"{dash}/>'
                '<text x="{tx}" y="{ty}" fill="#1f1f1f">{label}</text></g>'
            ).format(
                g=group,
                x1=lx,
                x2=lx + 26,
                y=ly,
                c=palette[group],
                dash=Markup(' stroke-dasharray="{}"').format(dash) if dash else "",
                tx=lx + 32,
                ty=ly + 4,
                label=short(group, 24),
            )
        )
    parts.append(Markup("</svg>"))
    return Markup("").join(parts)


# --- JSON ----------------------------------------------------------------------------


def breakdown_to_dict(breakdown: Breakdown) -> dict[str, Any]:
    return {
        "dimension": breakdown.dimension,
        "scale": breakdown.scale,
        "total": breakdown.total,
        "groups": [
            {"group": g.group, "articles": g.articles, "outlets": list(g.outlets)}
            for g in breakdown.groups
        ],
    }


def attention_to_dict(attention: Attention) -> dict[str, Any]:
    return {
        "dimension": attention.dimension,
        "bucket": attention.bucket,
        "buckets": list(attention.buckets),
        "series": [{"group": g, "articles": list(c)} for g, c in attention.series],
        "undated": attention.undated,
    }


def blindspot_to_dict(spot: Blindspot) -> dict[str, Any]:
    return {
        "story": spot.story_id,
        "label": spot.label,
        "title": spot.title,
        "dimension": spot.dimension,
        "articles": spot.articles,
        "covered_by": [{"group": g, "articles": n} for g, n in spot.covered_by],
        "left_out_by": list(spot.left_out_by),
    }


def voices_to_dict(found: Voices) -> dict[str, Any]:
    return {
        "articles": found.articles,
        "quotes": found.quotes,
        "classes": found.classes,
        "shares": {c: round(found.share(c), 3) for c in VOICE_CLASSES if c != "unattributed"},
        "speakers": [asdict(s) for s in found.speakers],
    }


def gaps_to_dict(gaps: OutletGaps) -> dict[str, Any]:
    return {
        "outlet": gaps.outlet,
        "peers": list(gaps.peers),
        "covered": list(gaps.covered),
        "left_out": [{"story": s, "peers_covering": n} for s, n in gaps.left_out],
    }


# --- terminal ------------------------------------------------------------------------
# Names from the data go into tables as Text, never as markup: "[red]" in an outlet's name
# is shown, not obeyed.

_TERMINAL_BAR = 30


def render_breakdowns(breakdowns: Sequence[Breakdown], console: Console) -> None:
    for breakdown in breakdowns:
        table = Table(title=Text(f"articles by {heading(breakdown)}"), title_justify="left")
        table.add_column("group", overflow="fold", max_width=32)
        table.add_column("articles", justify="right")
        table.add_column("", no_wrap=True)
        table.add_column("outlets", overflow="fold")
        top = max((g.articles for g in breakdown.groups), default=0) or 1
        for group in breakdown.groups:
            bar = "█" * round(_TERMINAL_BAR * group.articles / top)
            table.add_row(
                Text(group.group), str(group.articles), bar, Text(", ".join(group.outlets))
            )
        console.print(table)


def render_voices(found: Voices, console: Console, limit: int = 15) -> None:
    shares = ", ".join(
        f"{c} {round(100 * found.share(c))}%" for c in VOICE_CLASSES if c != "unattributed"
    )
    console.print(
        f"{found.quotes} quotes in {found.articles} articles "
        f"({found.classes['unattributed']} unattributed); of the attributed: {shares}",
        markup=False,
    )
    table = Table(title="most quoted", title_justify="left")
    for column in ("speaker", "voice", "quotes", "articles"):
        table.add_column(column, justify="right" if column in ("quotes", "articles") else "left")
    for speaker in found.speakers[:limit]:
        table.add_row(Text(speaker.name), speaker.voice, str(speaker.quotes), str(speaker.articles))
    console.print(table)


def render_blindspots(spots: Sequence[Blindspot], console: Console, max_share: float) -> None:
    table = Table(
        title=f"blindspots: stories a group left out (at most {round(100 * max_share)}% of "
        "their articles in known groups)",
        title_justify="left",
    )
    for column in ("story", "articles", "covered by", "left out by", "label"):
        table.add_column(column, overflow="fold")
    for spot in spots:
        table.add_row(
            str(spot.story_id),
            str(spot.articles),
            Text(", ".join(f"{g} {n}" for g, n in spot.covered_by)),
            Text(", ".join(spot.left_out_by)),
            Text(spot.label),
        )
    console.print(table)


# --- sections of pages ---------------------------------------------------------------


def coverage_rows_of(analyses: Sequence[Analysis]) -> list[CoverageRow]:
    """The coverage rows of compared articles (not stored: no story)."""
    return [
        CoverageRow(
            a.article.id,
            a.article.outlet,
            a.article.url,
            a.article.published,
            a.language if a.language != "und" else a.article.language,
            None,
            a.article.title,
        )
        for a in analyses
    ]


def coverage_section(
    breakdowns: Sequence[Breakdown], voices: Voices | None = None, *, anchor: str = "coverage"
) -> Markup:
    """The coverage section of a page: a bar chart per dimension that has an article with a
    value and, given ``voices``, who is quoted (templates/coverage/section.html)."""
    from rashomon.present.compare_html import environment

    template = environment().get_template("coverage/section.html")
    return Markup(
        template.render(
            anchor=anchor,
            figures=[(heading(b), b, bars_svg(b)) for b in breakdowns if _tells(b)],
            voices=voices,
            voice_classes=[c for c in VOICE_CLASSES if c != "unattributed"],
        )
    )


def _tells(breakdown: Breakdown) -> bool:
    """Whether a breakdown has an article in a group with a value (a chart of nothing but
    "unknown" is left out of pages; the JSON keeps it)."""
    return any(g.articles and g.group not in NOT_GROUPS for g in breakdown.groups)


def comparison_coverage_html(comparison: Comparison, registry: Registry | None = None) -> Markup:
    """The coverage section for the HTML comparison report: the compared articles by
    outlet, language and every dimension of ``registry`` (an empty registry when None), and
    who each quotes."""
    from rashomon.outlets.coverage import breakdowns as count
    from rashomon.outlets.voices import voices

    registry = registry or Registry.of([], {})
    rows = coverage_rows_of(comparison.analyses)
    return coverage_section(count(rows, registry), voices(comparison.analyses))
