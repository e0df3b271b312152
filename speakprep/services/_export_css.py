"""The style sheet of the HTML export, inline in every page (it must open with no network)."""

from __future__ import annotations

PAGE_CSS = """\
:root { color-scheme: light; }
* { box-sizing: border-box; }
body { margin: 0; background: #F3F4F6; color: #111827;
  font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif;
  -webkit-print-color-adjust: exact; print-color-adjust: exact; }
main { max-width: 940px; margin: 0 auto; padding: 24px 20px 40px; }
header h1 { margin: 0 0 4px; font-size: 24px; }
.about { margin: 0; color: #4B5563; }
.note { margin: 10px 0 0; padding: 6px 12px; border-left: 3px solid #9CA3AF;
  background: #FFFFFF; color: #374151; }
section { margin-top: 22px; }
h2 { font-size: 17px; margin: 0 0 8px; }
.scorecard { display: grid; grid-template-columns: repeat(auto-fill, minmax(140px, 1fr));
  gap: 10px; }
.tile { background: #FFFFFF; border-radius: 8px; padding: 10px 12px;
  border-top: 4px solid #D1D5DB; }
.tile.score { border-top-color: #111827; }
.tile .name { font-size: 12px; text-transform: uppercase; letter-spacing: 0.04em;
  color: #6B7280; }
.tile .value { font-size: 20px; font-weight: 600; }
.tile .value small { font-size: 13px; color: #6B7280; font-weight: 400; }
.tile .detail { font-size: 13px; color: #4B5563; }
.timeline-box { background: #FFFFFF; border-radius: 8px; padding: 8px; overflow-x: auto; }
.timeline { display: block; max-width: 100%; height: auto; }
.checks { list-style: none; margin: 0; padding: 0; }
.check { background: #FFFFFF; border-radius: 8px; padding: 8px 12px; margin-bottom: 6px; }
.check .mark { font-weight: 700; }
.check .status { font-size: 12px; margin-left: 6px; text-transform: uppercase; }
.advice { color: #374151; }
.evidence { margin: 4px 0 0; padding-left: 20px; color: #4B5563; font-style: italic; }
.muted { color: #6B7280; }
.legend { display: flex; flex-wrap: wrap; gap: 14px; font-size: 13px; color: #374151; }
.key { display: inline-flex; align-items: center; gap: 6px; }
.swatch { display: inline-block; width: 18px; height: 12px; border-bottom: 3px solid; }
.transcript { background: #FFFFFF; border-radius: 8px; padding: 12px 14px;
  line-height: 1.9; white-space: normal; }
.seg { border-bottom: 3px solid; padding: 1px 0; }
mark.filler { background: #FDE68A; color: #111827; border-radius: 3px; padding: 0 2px;
  font-weight: 600; }
footer { margin-top: 28px; font-size: 12px; color: #6B7280; }
@media print { body { background: #FFFFFF; } main { padding: 0; } }
"""
