"""Native, editable charts: columns or a line, the target as a dashed line over them.

A bar figure becomes a clustered column chart whose target series is moved into a line
plot on the same axes (a combo chart, as Excel makes it); a line figure becomes a line
chart with the target as a second, dashed series. The embedded workbook carries the
build timestamp, never "now".
"""

from __future__ import annotations

import copy
import datetime as dt
from contextlib import contextmanager

from lxml import etree
from pptx.chart.data import CategoryChartData
from pptx.chart.xlsx import CategoryWorkbookWriter
from pptx.dml.color import RGBColor
from pptx.enum.chart import (XL_CHART_TYPE, XL_LABEL_POSITION, XL_LEGEND_POSITION,
                             XL_TICK_LABEL_POSITION)
from pptx.oxml.ns import qn
from pptx.util import Emu, Pt
from xlsxwriter import Workbook

from ..theme import Theme
from .plan import ChartPlan

EMU_PER_POINT = 12700
TARGET_WIDTH_PT = 2.25
LOCALES = {"nl": "[$-413]", "en": "[$-809]"}
"""The language of the data labels' number format (nl-NL, en-GB): LibreOffice then writes
"1,95" as the legend's target label does, instead of the viewer's own separators."""
WORKBOOK_OPTIONS = {"in_memory": True, "strings_to_formulas": False,
                    "strings_to_urls": False, "strings_to_numbers": False}
"""Briefing text is data: a category "=1+1" or an address stays a string in the workbook
(xlsxwriter's write() would otherwise make it a formula or a hyperlink)."""


class _FixedTimeWorkbookWriter(CategoryWorkbookWriter):
    """Writes the chart's workbook with a fixed creation time, every string as a string."""

    def __init__(self, chart_data, moment: dt.datetime):
        super().__init__(chart_data)
        self._moment = moment

    @contextmanager
    def _open_worksheet(self, xlsx_file):
        workbook = Workbook(xlsx_file, WORKBOOK_OPTIONS)
        workbook.set_properties({"created": self._moment})
        worksheet = workbook.add_worksheet()
        yield workbook, worksheet
        workbook.close()


class FixedTimeChartData(CategoryChartData):
    """Category chart data whose workbook never records the current time."""

    def __init__(self, moment: dt.datetime, number_format: str):
        super().__init__(number_format=number_format)
        self._moment = moment.replace(tzinfo=None)

    @property
    def _workbook_writer(self):
        writer = self.__dict__.get("_fixed_writer")
        if writer is None:
            writer = self.__dict__["_fixed_writer"] = _FixedTimeWorkbookWriter(self, self._moment)
        return writer


def rgb(colour: str) -> RGBColor:
    return RGBColor.from_string(colour.lstrip("#").upper())


def add_chart(slide, plan: ChartPlan, theme: Theme, moment: dt.datetime, language: str):
    """Add the chart of `plan` to the slide; returns the graphic frame."""
    data = FixedTimeChartData(moment, plan.number_format)
    data.categories = plan.categories
    data.add_series(plan.name, plan.values)
    if plan.target_value is not None:
        data.add_series(plan.target_label, [plan.target_value] * len(plan.categories))
    kind = XL_CHART_TYPE.COLUMN_CLUSTERED if plan.kind == "bar" else XL_CHART_TYPE.LINE_MARKERS
    box = plan.box
    frame = slide.shapes.add_chart(
        kind, Emu(int(box.left * EMU_PER_POINT)), Emu(int(box.top * EMU_PER_POINT)),
        Emu(int(box.width * EMU_PER_POINT)), Emu(int(box.height * EMU_PER_POINT)), data)
    chart = frame.chart
    palette = theme.palette
    _style(chart, theme)
    values = chart.plots[0].series[0]
    label_format = LOCALES.get(language, "") + plan.number_format
    if plan.kind == "bar":
        values.format.fill.solid()
        values.format.fill.fore_color.rgb = rgb(palette.secondary)
        values.invert_if_negative = False
        chart.plots[0].gap_width = 60
        if min(plan.values + _target(plan)) >= 0:     # negative columns hang below zero
            chart.value_axis.minimum_scale = 0
        else:                          # category names below the plot, clear of the columns
            chart.category_axis.tick_label_position = XL_TICK_LABEL_POSITION.LOW
        _labels(chart.plots[0], label_format, palette.white, XL_LABEL_POSITION.INSIDE_END,
                theme.deck.sizes.minimum)
        chart.plots[0].data_labels.font.bold = True
    else:
        values.format.line.color.rgb = rgb(palette.secondary)
        values.format.line.width = Pt(3)
        values.smooth = False
        _marker(values, palette.secondary)
        _labels(chart.plots[0], label_format, palette.text, XL_LABEL_POSITION.ABOVE,
                theme.deck.sizes.minimum)
    if plan.target_value is not None:
        _target_line(chart, plan, palette.alert)
    _positive_axis_ids(chart)
    return frame


def _target(plan: ChartPlan) -> tuple[float, ...]:
    return () if plan.target_value is None else (plan.target_value,)


def _positive_axis_ids(chart) -> None:
    """python-pptx's templates use negative axis ids; the schema wants unsigned ones."""
    space = chart._chartSpace
    elements = [element for tag in ("c:axId", "c:crossAx") for element in space.iter(qn(tag))]
    renumbered: dict[str, str] = {}
    for element in elements:
        value = element.get("val")
        if value not in renumbered:
            renumbered[value] = str(50000001 + len(renumbered))
        element.set("val", renumbered[value])


def _style(chart, theme: Theme) -> None:
    palette = theme.palette
    size = theme.deck.sizes.minimum      # chart text is read from the back of the room too
    chart.font.name = theme.deck.font
    chart.font.size = Pt(size)
    chart.font.color.rgb = rgb(palette.text)
    chart.has_title = False
    chart.has_legend = True
    chart.legend.position = XL_LEGEND_POSITION.BOTTOM
    chart.legend.include_in_layout = False
    chart.legend.font.size = Pt(size)
    value_axis, category_axis = chart.value_axis, chart.category_axis
    value_axis.has_major_gridlines = False
    value_axis.has_minor_gridlines = False
    value_axis.visible = False
    category_axis.has_major_gridlines = False
    category_axis.format.line.color.rgb = rgb(palette.rule)
    category_axis.tick_labels.font.size = Pt(size)
    category_axis.tick_labels.font.color.rgb = rgb(palette.text)


def _labels(plot, number_format: str, colour: str, position, size: float) -> None:
    """Values written at the bars or points, as the design asks."""
    plot.has_data_labels = True
    labels = plot.data_labels
    labels.number_format = number_format
    labels.number_format_is_linked = False
    labels.font.size = Pt(size)
    labels.font.color.rgb = rgb(colour)
    labels.position = position
    labels.show_value = True


def _marker(series, colour: str) -> None:
    from pptx.enum.chart import XL_MARKER_STYLE
    series.marker.style = XL_MARKER_STYLE.CIRCLE
    series.marker.size = 9
    series.marker.format.fill.solid()
    series.marker.format.fill.fore_color.rgb = rgb(colour)
    series.marker.format.line.color.rgb = rgb(colour)


def _target_line(chart, plan: ChartPlan, colour: str) -> None:
    """Draw the target series as a dashed line without markers or value labels."""
    plot_area = chart._chartSpace.find(qn("c:chart")).find(qn("c:plotArea"))
    first = plot_area.find(qn("c:barChart"))
    if first is None:
        first = plot_area.find(qn("c:lineChart"))
    series = first.findall(qn("c:ser"))[1]
    if first.tag == qn("c:barChart"):
        line_chart = _line_plot_beside(first)
        first.remove(series)
        for tag in ("c:invertIfNegative", "c:shape", "c:pictureOptions"):
            for old in series.findall(qn(tag)):
                series.remove(old)
        line_chart.insert(2, series)
    _target_format(series, colour, single=len(plan.categories) == 1)


def _line_plot_beside(bar_chart):
    """A c:lineChart on the bar chart's axes, right after it in the plot area."""
    line_chart = etree.Element(qn("c:lineChart"))
    etree.SubElement(line_chart, qn("c:grouping"), val="standard")
    etree.SubElement(line_chart, qn("c:varyColors"), val="0")
    etree.SubElement(line_chart, qn("c:marker"), val="1")
    for axis in bar_chart.findall(qn("c:axId")):
        line_chart.append(copy.deepcopy(axis))
    bar_chart.addnext(line_chart)
    return line_chart


def _target_format(series, colour: str, single: bool) -> None:
    """Series properties in schema order: spPr, marker, dLbls ... then smooth."""
    for tag in ("c:spPr", "c:marker", "c:dLbls", "c:smooth"):
        for old in series.findall(qn(tag)):
            series.remove(old)
    hex_colour = colour.lstrip("#").upper()
    sp_pr = etree.Element(qn("c:spPr"))
    line = etree.SubElement(sp_pr, qn("a:ln"), w=str(int(TARGET_WIDTH_PT * EMU_PER_POINT)),
                            cap="rnd")
    fill = etree.SubElement(line, qn("a:solidFill"))
    etree.SubElement(fill, qn("a:srgbClr"), val=hex_colour)
    etree.SubElement(line, qn("a:prstDash"), val="dash")
    marker = etree.Element(qn("c:marker"))
    if single:      # one category: a line needs two points, so mark the target with a dash
        etree.SubElement(marker, qn("c:symbol"), val="dash")
        etree.SubElement(marker, qn("c:size"), val="40")
        marker_sp = etree.SubElement(marker, qn("c:spPr"))
        marker_fill = etree.SubElement(marker_sp, qn("a:solidFill"))
        etree.SubElement(marker_fill, qn("a:srgbClr"), val=hex_colour)
    else:
        etree.SubElement(marker, qn("c:symbol"), val="none")
    labels = etree.Element(qn("c:dLbls"))
    etree.SubElement(labels, qn("c:delete"), val="1")
    anchor = series.find(qn("c:tx"))
    anchor.addnext(sp_pr)
    sp_pr.addnext(marker)
    marker.addnext(labels)
    smooth = etree.SubElement(series, qn("c:smooth"), val="0")
    ext = series.find(qn("c:extLst"))
    if ext is not None:
        ext.addprevious(smooth)
