"""Native, editable charts: columns, horizontal bars or a line, the target dashed.

Every placement was decided in the plan (`chart_layout`, by the label rules the memo
follows too): the plot area is placed by hand, the axis range fixed, and each value
label sits inside its bar (white) or beyond it (text colour). A column chart's target is
a series in a line plot on the same axes whose trendline, extended half a category each
way, spans the whole plot; a line over years unevenly spaced is an XY chart on a
proportional axis; the target of horizontal bars is a dashed line drawn over the chart.
The embedded workbook carries the build timestamp, never "now".
"""

from __future__ import annotations

import copy
import datetime as dt
from contextlib import contextmanager

from lxml import etree
from pptx.chart.data import CategoryChartData, XyChartData
from pptx.chart.xlsx import CategoryWorkbookWriter, XyWorkbookWriter
from pptx.dml.color import RGBColor
from pptx.enum.chart import XL_CHART_TYPE, XL_TICK_LABEL_POSITION
from pptx.enum.dml import MSO_LINE_DASH_STYLE
from pptx.enum.text import PP_ALIGN
from pptx.oxml.ns import nsdecls, qn
from pptx.oxml import parse_xml
from pptx.util import Emu, Pt
from xlsxwriter import Workbook

from ..chart_labels import needs_legend
from ..theme import Theme
from .chart_layout import PAD, ChartPlan

EMU_PER_POINT = 12700
TARGET_WIDTH_PT = 2.25
LOCALES = {"nl": "[$-413]", "en": "[$-809]"}
"""The language of the data labels' number format (nl-NL, en-GB): LibreOffice then writes
"1,95" as the legend's target label does, instead of the viewer's own separators."""
WORKBOOK_OPTIONS = {"in_memory": True, "strings_to_formulas": False,
                    "strings_to_urls": False, "strings_to_numbers": False}
"""Briefing text is data: a category "=1+1" or an address stays a string in the workbook
(xlsxwriter's write() would otherwise make it a formula or a hyperlink)."""


class _FixedTime:
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


class _FixedTimeCategoryWriter(_FixedTime, CategoryWorkbookWriter):
    pass


class _FixedTimeXyWriter(_FixedTime, XyWorkbookWriter):
    pass


class _FixedTimeData:
    """Chart data whose workbook never records the current time."""

    writer: type

    def __init__(self, moment: dt.datetime, number_format: str):
        super().__init__(number_format=number_format)
        self._moment = moment.replace(tzinfo=None)

    @property
    def _workbook_writer(self):
        writer = self.__dict__.get("_fixed_writer")
        if writer is None:
            writer = self.__dict__["_fixed_writer"] = self.writer(self, self._moment)
        return writer


class FixedTimeChartData(_FixedTimeData, CategoryChartData):
    """Category chart data whose workbook never records the current time."""

    writer = _FixedTimeCategoryWriter


class FixedTimeXyData(_FixedTimeData, XyChartData):
    """XY chart data whose workbook never records the current time."""

    writer = _FixedTimeXyWriter




def rgb(colour: str) -> RGBColor:
    return RGBColor.from_string(colour.lstrip("#").upper())


def add_chart(slide, plan: ChartPlan, theme: Theme, moment: dt.datetime, language: str):
    """Add the chart of `plan` to the slide; returns the graphic frame."""
    label_format = LOCALES.get(language, "") + plan.number_format
    if plan.years is not None:
        data = FixedTimeXyData(moment, plan.number_format)
        series = data.add_series(plan.name)
        for year, value in zip(plan.years, plan.values):
            series.add_data_point(year, value)
        if plan.target_value is not None:
            first, last, _ = plan.year_axis
            target = data.add_series(plan.target_label)
            target.add_data_point(first, plan.target_value)
            target.add_data_point(last, plan.target_value)
        kind = XL_CHART_TYPE.XY_SCATTER_LINES
    else:
        data = FixedTimeChartData(moment, plan.number_format)
        data.categories = plan.categories
        data.add_series(plan.name, plan.values)
        if plan.target_value is not None and plan.target_line is None:
            data.add_series(plan.target_label, [plan.target_value] * len(plan.categories))
        kind = {"bar": XL_CHART_TYPE.COLUMN_CLUSTERED,
                "line": XL_CHART_TYPE.LINE_MARKERS}[plan.kind]
        if plan.horizontal:
            kind = XL_CHART_TYPE.BAR_CLUSTERED
    box = plan.box
    frame = slide.shapes.add_chart(kind, *_emu(box.left, box.top, box.width, box.height), data)
    if plan.description:
        frame._element.nvGraphicFramePr.cNvPr.set("descr", plan.description)
    chart = frame.chart
    palette = theme.palette
    _style(chart, theme, plan)
    values = chart.plots[0].series[0]
    if plan.kind == "bar":
        values.format.fill.solid()
        values.format.fill.fore_color.rgb = rgb(palette.secondary)
        values.invert_if_negative = False
        chart.plots[0].gap_width = plan.gap_width
    else:
        values.format.line.color.rgb = rgb(palette.secondary)
        values.format.line.width = Pt(3)
        values.smooth = False
        _marker(values, palette.secondary)
    _value_labels(values._element, plan, label_format, theme)
    if min(plan.values) < 0 and plan.years is None:   # names at the bottom, clear of
        chart.category_axis.tick_label_position = XL_TICK_LABEL_POSITION.LOW  # the data
    if plan.target_value is not None:
        if plan.target_line is not None:
            _target_shapes(slide, plan, theme)
        else:
            _target_line(chart, plan, label_format, theme)
    _plot_layout(chart, plan)
    _shown_names(chart, plan)
    _positive_axis_ids(chart)
    return frame


def _emu(*points: float) -> list[Emu]:
    return [Emu(int(round(point * EMU_PER_POINT))) for point in points]


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


def _style(chart, theme: Theme, plan: ChartPlan) -> None:
    """Chart text at the label size; no title, no legend (the slide's title names the one
    series, the target is labelled at its line), no gridlines, the value axis hidden."""
    palette = theme.palette
    size = plan.size
    chart.font.name = theme.deck.font
    chart.font.size = Pt(size)
    chart.font.color.rgb = rgb(palette.text)
    chart.has_title = False
    chart.has_legend = needs_legend(series_count=1)   # the target is labelled on its line
    value_axis, category_axis = chart.value_axis, chart.category_axis
    value_axis.has_major_gridlines = False
    value_axis.has_minor_gridlines = False
    value_axis.visible = False
    value_axis.minimum_scale = plan.low
    value_axis.maximum_scale = plan.high
    category_axis.has_major_gridlines = False
    category_axis.format.line.color.rgb = rgb(palette.rule)
    category_axis.tick_labels.font.size = Pt(size)
    category_axis.tick_labels.font.color.rgb = rgb(palette.text)
    axis = category_axis._element
    if plan.years is not None:
        first, last, step = plan.year_axis
        category_axis.minimum_scale, category_axis.maximum_scale = first, last
        category_axis.major_unit = step
        category_axis.tick_labels.number_format = "0"
        category_axis.tick_labels.number_format_is_linked = False
        category_axis.has_major_gridlines = False
        _set_child(axis, "c:crossBetween", "midCat", after=("c:crosses", "c:crossesAt"))
    else:                              # every name, none left out by the renderer
        skip = parse_xml(f'<c:tickLblSkip {nsdecls("c")} val="1"/>')
        axis.find(qn("c:noMultiLvlLbl")).addprevious(skip)
    if plan.annotated:                 # the names stand at the labelled points
        category_axis.tick_label_position = XL_TICK_LABEL_POSITION.NONE
    if plan.horizontal:                # the first category at the top, as it is read
        category_axis.reverse_order = True
    body = axis.find(qn("c:txPr")).find(qn("a:bodyPr"))
    body.set("rot", "0")               # names set level, as planned; never turned
    body.set("vert", "horz")
    body.set("wrap", "none")           # our line breaks, not the renderer's


def _set_child(parent, tag: str, value: str, after: tuple[str, ...]) -> None:
    old = parent.find(qn(tag))
    if old is not None:
        old.set("val", value)
        return
    element = parse_xml(f'<{tag} {nsdecls("c")} val="{value}"/>')
    anchor = next((parent.find(qn(name)) for name in after if parent.find(qn(name)) is not None),
                  None)
    if anchor is not None:
        anchor.addnext(element)
    else:
        parent.append(element)


def _shown_names(chart, plan: ChartPlan) -> None:
    """The category names as drawn, broken into the lines we planned; the workbook keeps
    them as written (PowerPoint redraws from it when the data is edited)."""
    if not plan.category_lines:
        return
    for category in chart._chartSpace.iter(qn("c:cat")):
        points = category.iter(qn("c:pt"))
        for point, text in zip(points, plan.category_lines):
            point.find(qn("c:v")).text = text


def _plot_layout(chart, plan: ChartPlan) -> None:
    """The plot area's inner rectangle, placed by hand where the plan put it."""
    plot, box = plan.plot, plan.box
    area = chart._chartSpace.find(qn("c:chart")).find(qn("c:plotArea"))
    old = area.find(qn("c:layout"))
    if old is not None:
        area.remove(old)
    fractions = (plot.left / box.width, plot.top / box.height,
                 plot.width / box.width, plot.height / box.height)
    layout = parse_xml(
        f'<c:layout {nsdecls("c")}><c:manualLayout><c:layoutTarget val="inner"/>'
        '<c:xMode val="edge"/><c:yMode val="edge"/>'
        + "".join(f'<c:{name} val="{value:.5f}"/>' for name, value in zip("xywh", fractions))
        + "</c:manualLayout></c:layout>")
    area.insert(0, layout)


def _text_properties(colour: str, size: float, bold: bool, language: str = "") -> str:
    return (f'<c:txPr><a:bodyPr wrap="none"/><a:lstStyle/><a:p><a:pPr><a:defRPr sz="{int(size * 100)}" '
            f'b="{int(bold)}"><a:solidFill><a:srgbClr val="{colour.lstrip("#").upper()}"/>'
            '</a:solidFill></a:defRPr></a:pPr><a:endParaRPr lang="en-US"/></a:p></c:txPr>')


def _attribute(text: str) -> str:
    return (text.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;")
            .replace(">", "&gt;"))


NO_LEADERS = ('<c:extLst><c:ext uri="{CE6537A1-D6FC-4f65-9D91-7224C49458BB}" '
              'xmlns:c15="http://schemas.microsoft.com/office/drawing/2012/chart">'
              '<c15:showLeaderLines val="0"/></c:ext></c:extLst>')
"""No line from a moved label back to its point."""
SHOW = ("showLegendKey", "showVal", "showCatName", "showSerName", "showPercent",
        "showBubbleSize")


def _flags(*shown: str) -> str:
    return "".join(f'<c:{name} val="{int(name in shown)}"/>' for name in SHOW)


def _value_labels(series, plan: ChartPlan, number_format: str, theme: Theme) -> None:
    """One label per value, each where the plan put it: inside the bar's end in white,
    beyond it in the text colour; above or below a point; none where it would crowd."""
    palette = theme.palette
    labels = []
    for index, value in enumerate(plan.values):
        if plan.shown and not plan.shown[index]:
            labels.append(f'<c:dLbl><c:idx val="{index}"/><c:delete val="1"/></c:dLbl>')
            continue
        if plan.kind == "bar":
            inside = plan.inside[index]
            position = "inEnd" if inside else "outEnd"
            colour, bold = (palette.white if inside else palette.text), True
        else:
            position = "t" if plan.above[index] else "b"
            colour, bold = palette.text, False
        nudge = ""
        if plan.nudges and any(plan.nudges[index]):
            dx, dy = plan.nudges[index]
            nudge = (f'<c:layout><c:manualLayout><c:x val="{dx / plan.box.width:.5f}"/>'
                     f'<c:y val="{dy / plan.box.height:.5f}"/></c:manualLayout></c:layout>')
        labels.append(
            f'<c:dLbl><c:idx val="{index}"/>{nudge}'
            f'<c:numFmt formatCode="{_attribute(number_format)}" sourceLinked="0"/>'
            '<c:spPr><a:noFill/><a:ln><a:noFill/></a:ln></c:spPr>'
            + _text_properties(colour, plan.size, bold)
            + f'<c:dLblPos val="{position}"/>'
            + (_flags("showVal", "showCatName") + "<c:separator>\n</c:separator>"
               if plan.named and plan.named[index] else _flags("showVal")) + "</c:dLbl>")
    element = parse_xml(
        f'<c:dLbls {nsdecls("c", "a")}>' + "".join(labels)
        + f'<c:numFmt formatCode="{_attribute(number_format)}" sourceLinked="0"/>'
        + '<c:spPr><a:noFill/><a:ln><a:noFill/></a:ln></c:spPr>'
        + _text_properties(palette.text, plan.size, False) + _flags("showVal") + NO_LEADERS
        + "</c:dLbls>")
    for old in series.findall(qn("c:dLbls")):
        series.remove(old)
    anchor = None
    for tag in ("c:marker", "c:dPt", "c:invertIfNegative", "c:spPr", "c:tx"):
        found = series.findall(qn(tag))
        if found:
            anchor = found[-1]
            break
    anchor.addnext(element)


def _marker(series, colour: str) -> None:
    from pptx.enum.chart import XL_MARKER_STYLE
    series.marker.style = XL_MARKER_STYLE.CIRCLE
    series.marker.size = 9
    series.marker.format.fill.solid()
    series.marker.format.fill.fore_color.rgb = rgb(colour)
    series.marker.format.line.color.rgb = rgb(colour)


def _target_line(chart, plan: ChartPlan, number_format: str, theme: Theme) -> None:
    """The target series as a dashed line across the whole plot, its name and value at
    its right end."""
    plot_area = chart._chartSpace.find(qn("c:chart")).find(qn("c:plotArea"))
    first = plot_area.find(qn("c:barChart"))
    if first is None:
        first = plot_area.find(qn("c:lineChart"))
    if first is None:
        first = plot_area.find(qn("c:scatterChart"))
    series = first.findall(qn("c:ser"))[1]
    if first.tag == qn("c:barChart"):
        line_chart = _line_plot_beside(first)
        first.remove(series)
        for tag in ("c:invertIfNegative", "c:shape", "c:pictureOptions"):
            for old in series.findall(qn(tag)):
                series.remove(old)
        line_chart.insert(2, series)
    _target_format(series, plan, number_format, theme)


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


def _dash(colour: str) -> str:
    return (f'<a:ln w="{int(TARGET_WIDTH_PT * EMU_PER_POINT)}" cap="rnd"><a:solidFill>'
            f'<a:srgbClr val="{colour.lstrip("#").upper()}"/></a:solidFill>'
            '<a:prstDash val="dash"/></a:ln>')


def _target_format(series, plan: ChartPlan, number_format: str, theme: Theme) -> None:
    """Series properties in schema order: spPr, marker, dLbls, trendline ... then smooth.

    On a category axis the series runs from the first category's centre to the last's;
    its line is hidden and a trendline, extended half a category both ways, draws it
    from edge to edge. On the XY axis the series itself spans the plot."""
    for tag in ("c:spPr", "c:marker", "c:dLbls", "c:trendline", "c:smooth"):
        for old in series.findall(qn(tag)):
            series.remove(old)
    colour = theme.palette.alert
    count = 2 if plan.years is not None else len(plan.categories)
    extend = plan.years is None
    line = "<a:ln><a:noFill/></a:ln>" if extend else _dash(colour)
    marker = '<c:marker><c:symbol val="none"/></c:marker>'
    offset = ""
    if plan.years is None:         # from the last category's centre into the gutter
        shift = (plan.plot.width / (2 * len(plan.categories)) + PAD) / plan.box.width
        offset = (f'<c:layout><c:manualLayout><c:x val="{shift:.5f}"/><c:y val="0"/>'
                  '</c:manualLayout></c:layout>')
    label = (f'<c:dLbls><c:dLbl><c:idx val="{count - 1}"/>{offset}'
             f'<c:numFmt formatCode="{_attribute(number_format)}" sourceLinked="0"/>'
             '<c:spPr><a:noFill/><a:ln><a:noFill/></a:ln></c:spPr>'
             + _text_properties(colour, plan.size, True) + '<c:dLblPos val="r"/>'
             + _flags("showVal", "showSerName") + "<c:separator>\n</c:separator></c:dLbl>"
             + _flags()
             + NO_LEADERS + '</c:dLbls>')
    trend = ""
    if extend:
        trend = (f'<c:trendline><c:spPr>{_dash(colour)}</c:spPr>'
                 '<c:trendlineType val="linear"/><c:forward val="0.5"/>'
                 '<c:backward val="0.5"/><c:dispRSqr val="0"/><c:dispEq val="0"/></c:trendline>')
    parts = parse_xml(f'<r {nsdecls("c", "a")}><c:spPr>{line}</c:spPr>{marker}{label}{trend}</r>')
    anchor = series.find(qn("c:tx"))
    for element in list(parts):
        anchor.addnext(element)
        anchor = element
    smooth = etree.SubElement(series, qn("c:smooth"), val="0")
    ext = series.find(qn("c:extLst"))
    if ext is not None:
        ext.addprevious(smooth)


def _target_shapes(slide, plan: ChartPlan, theme: Theme) -> None:
    """The target drawn over the chart where a chart series cannot draw it (across
    horizontal bars, over a single column): a dashed line, its name and value at its end."""
    box = plan.box
    x0, y0, x1, y1 = plan.target_line
    connector = slide.shapes.add_connector(
        1, *_emu(box.left + x0, box.top + y0, box.left + x1, box.top + y1))
    connector.line.color.rgb = rgb(theme.palette.alert)
    connector.line.width = Pt(TARGET_WIDTH_PT)
    connector.line.dash_style = MSO_LINE_DASH_STYLE.DASH
    label = plan.target_box
    shape = slide.shapes.add_textbox(*_emu(box.left + label.left, box.top + label.top,
                                           label.width, label.height))
    frame = shape.text_frame
    frame.margin_left = frame.margin_right = frame.margin_top = frame.margin_bottom = 0
    frame.word_wrap = True
    vertical = x0 == x1
    lines = [f"{plan.target_label} {plan.target_text}"] if vertical else [
        plan.target_label, plan.target_text]
    for number, text in enumerate(lines):
        paragraph = frame.paragraphs[0] if number == 0 else frame.add_paragraph()
        paragraph.alignment = PP_ALIGN.CENTER
        run = paragraph.add_run()
        run.text = text
        run.font.size = Pt(plan.size)
        run.font.bold = True
        run.font.name = theme.deck.font
        run.font.color.rgb = rgb(theme.palette.alert)
