"""The style sheet of the HTML export, inline in every page (it must open with no network)."""

from __future__ import annotations

from speakprep import palette

_TEMPLATE = """\
:root { color-scheme: light; }
* { box-sizing: border-box; }
body { margin: 0; background: {page.background}; color: {text.ink};
  font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif;
  -webkit-print-color-adjust: exact; print-color-adjust: exact; }
main { max-width: 940px; margin: 0 auto; padding: 24px 20px 40px; }
header h1 { margin: 0 0 4px; font-size: 24px; }
.about { margin: 0; color: {text.soft}; }
.note { margin: 10px 0 0; padding: 6px 12px; border-left: 3px solid {page.note_rule};
  background: {surface.card}; color: {text.body}; }
.warning { margin: 10px 0 0; padding: 6px 12px; border-radius: 8px;
  background: {banner.warning.bg}; color: {banner.warning.fg};
  border: 1px solid {banner.warning.border}; }
section { margin-top: 22px; }
h2 { font-size: 17px; margin: 0 0 8px; }
.scorecard { display: grid; grid-template-columns: repeat(auto-fill, minmax(140px, 1fr));
  gap: 10px; }
.tile { background: {surface.card}; border-radius: 8px; padding: 10px 12px;
  border-top: 4px solid {page.rule}; }
.tile.score { border-top-color: {text.ink}; }
.tile .name { font-size: 12px; text-transform: uppercase; letter-spacing: 0.04em;
  color: {text.muted}; }
.tile .value { font-size: 20px; font-weight: 600; }
.tile .value small { font-size: 13px; color: {text.muted}; font-weight: 400; }
.tile .detail { font-size: 13px; color: {text.soft}; }
.timeline-box { background: {surface.card}; border-radius: 8px; padding: 8px; overflow-x: auto; }
.timeline { display: block; max-width: 100%; height: auto; }
.checks { list-style: none; margin: 0; padding: 0; }
.check { background: {surface.card}; border-radius: 8px; padding: 8px 12px; margin-bottom: 6px; }
.check .mark { font-weight: 700; }
.check .status { font-size: 12px; margin-left: 6px; text-transform: uppercase; }
.advice { color: {text.body}; }
.evidence { margin: 4px 0 0; padding-left: 20px; color: {text.soft}; font-style: italic; }
.muted { color: {text.muted}; }
.legend { display: flex; flex-wrap: wrap; gap: 14px; font-size: 13px; color: {text.body}; }
.key { display: inline-flex; align-items: center; gap: 6px; }
.swatch { display: inline-block; width: 18px; height: 12px; border-bottom: 3px solid; }
.transcript { background: {surface.card}; border-radius: 8px; padding: 12px 14px;
  line-height: 1.9; white-space: normal; }
.seg { border-bottom: 3px solid; padding: 1px 0; }
mark.filler { background: {page.mark}; color: {text.ink}; border-radius: 3px; padding: 0 2px;
  font-weight: 600; }
.steps { margin: 0; padding-left: 22px; }
.steps li { background: {surface.card}; border-radius: 8px; padding: 8px 12px;
  margin-bottom: 6px; }
.gain { font-size: 12px; color: {status.pass}; margin-left: 6px; }
.points { list-style: none; margin: 0; padding: 0; }
.point { background: {surface.card}; border-radius: 8px; padding: 6px 12px; margin-bottom: 6px; }
.point.said .mark { color: {status.pass}; font-weight: 700; }
.point.missed .mark { color: {status.fail}; font-weight: 700; }
.corrected { background: {banner.info.bg}; color: {banner.info.fg}; border-radius: 8px;
  padding: 6px 12px; }
footer { margin-top: 28px; font-size: 12px; color: {text.muted}; }
@media print { body { background: {surface.card}; } main { padding: 0; } }
"""

PAGE_CSS = palette.fill_roles(_TEMPLATE, palette.LIGHT)
