"""PowerPoint sections: the `p14:sectionLst` extension of `ppt/presentation.xml`."""

from __future__ import annotations

from lxml import etree
from .opc import qn

SECTIONS_URI = "{521415D9-36F7-43E2-AB2F-B90AF26B5E84}"
P14 = "http://schemas.microsoft.com/office/powerpoint/2010/main"


def add_sections(presentation, sections) -> None:
    """List every slide in its section; the extension goes last, where the schema wants it."""
    root = presentation.part._element
    slide_ids = [int(slide_id.get("id"))
                 for slide_id in root.find(qn("p:sldIdLst")).findall(qn("p:sldId"))]
    ext_list = root.find(qn("p:extLst"))
    if ext_list is None:
        ext_list = etree.SubElement(root, qn("p:extLst"))
    for old in ext_list.findall(qn("p:ext")):
        if old.get("uri") == SECTIONS_URI:
            ext_list.remove(old)
    root.remove(ext_list)
    root.append(ext_list)
    ext = etree.Element(qn("p:ext"), uri=SECTIONS_URI)
    ext_list.insert(0, ext)
    section_list = etree.SubElement(ext, f"{{{P14}}}sectionLst", nsmap={"p14": P14})
    for section in sections:
        element = etree.SubElement(section_list, f"{{{P14}}}section",
                                   name=section.name, id=section.guid)
        ids = etree.SubElement(element, f"{{{P14}}}sldIdLst")
        for number in section.slides:
            etree.SubElement(ids, f"{{{P14}}}sldId", id=str(slide_ids[number - 1]))


def read_sections(presentation) -> list[tuple[str, str, list[int]]]:
    """(name, id, slide ids) of each section: for tests and checks."""
    root = presentation.part._element
    result = []
    for section in root.iter(f"{{{P14}}}section"):
        ids = [int(item.get("id")) for item in section.iter(f"{{{P14}}}sldId")]
        result.append((section.get("name"), section.get("id"), ids))
    return result
