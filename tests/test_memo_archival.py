"""builders/memo/archival.py: XMP, the sRGB profile, ToUnicode without U+0000, stream EOLs."""

from __future__ import annotations

import io
import re
import xml.dom.minidom

import pikepdf
import pytest

from builders.memo import archival

INFO = archival.DocumentInfo(title="Vergadering & <overleg>", author="Directie",
                             subject="Voorbereiding", keywords="NAVO, FMM", creator="briefing-builder",
                             producer="ReportLab", date="D:20231120000000+00'00'")


def test_pdf_dates_become_xmp_dates():
    assert archival.xmp_date("D:20231120000000+00'00'") == "2023-11-20T00:00:00+00:00"
    assert archival.xmp_date("D:20231120103000-05'30'") == "2023-11-20T10:30:00-05:30"
    with pytest.raises(ValueError, match="not a PDF date: '2023-11-20'"):
        archival.xmp_date("2023-11-20")


def test_the_xmp_packet_is_well_formed_utf8_with_both_identifications():
    packet = archival.xmp_packet(INFO, "nl-NL")
    text = packet.decode("utf-8")
    xml.dom.minidom.parseString(text.split("?>", 1)[1].rsplit("<?xpacket", 1)[0])
    assert "<rdf:li xml:lang=\"x-default\">Vergadering &amp; &lt;overleg&gt;</rdf:li>" in text
    assert "<pdfaid:part>2</pdfaid:part>" in text and "<pdfaid:conformance>A</pdfaid:conformance>" in text
    assert "<pdfuaid:part>1</pdfuaid:part>" in text
    assert "<pdfaSchema:prefix>pdfuaid</pdfaSchema:prefix>" in text
    assert "Trapped" not in text
    assert text.count("2023-11-20T00:00:00+00:00") == 2


def test_the_srgb_profile_carries_a_fixed_date():
    profile = archival.srgb_profile()
    assert profile[36:40] == b"acsp"
    assert profile[archival.ICC_DATE] == archival.ICC_FIXED_DATE
    archival.srgb_profile.cache_clear()
    assert archival.srgb_profile() == profile


def test_to_unicode_drops_unused_codes_and_keeps_blocks_of_at_most_100():
    entries = ["<00> <0000>", "<01> <0041>"] + [f"<{n:02X}> <{0x100 + n:04X}>" for n in range(2, 160)]
    cmap = "\n".join(["begincmap", f"{len(entries)} beginbfchar", *entries, "endbfchar", "endcmap"])
    fixed = archival.to_unicode_without_blanks(cmap)
    assert "<0000>" not in fixed
    counts = [int(n) for n in re.findall(r"^(\d+) beginbfchar$", fixed, re.M)]
    assert counts == [100, 59]
    assert fixed.count("endbfchar") == 2 and fixed.endswith("endcmap")


def plain_pdf() -> bytes:
    from reportlab.pdfgen.canvas import Canvas

    buffer = io.BytesIO()
    canvas = Canvas(buffer, invariant=1, pageCompression=0)
    canvas.drawString(72, 720, "endstream inside the text")
    canvas.showPage()
    canvas.drawString(72, 720, "second page")
    canvas.save()
    return buffer.getvalue()


def raw_streams(pdf: bytes) -> dict[int, bytes]:
    with pikepdf.open(io.BytesIO(pdf)) as document:
        return {obj.objgen[0]: obj.read_raw_bytes() for obj in document.objects
                if isinstance(obj, pikepdf.Stream)}


def test_every_stream_gets_an_eol_before_endstream_and_the_xref_follows():
    before = plain_pdf()
    after = archival.with_stream_eols(before)
    ends = [m.start() for m in re.finditer(rb"endstream\n", after)]
    assert ends and all(after[end - 1:end] == b"\n" for end in ends)
    assert b"(endstream inside the text) Tj" in after
    assert len(after) == len(before) + len(ends)
    assert raw_streams(after) == raw_streams(before)
    offsets = [int(m.group(1)) for m in re.finditer(rb"(\d{10}) 00000 n", after)]
    assert offsets and all(re.match(rb"\d+ 0 obj", after[offset:]) for offset in offsets)
    start = int(after[after.rindex(b"startxref") + 9:].split()[0])
    assert after[start:start + 4] == b"xref" and after.endswith(b"%%EOF\n")


def test_a_file_not_laid_out_as_reportlab_writes_it_is_refused():
    with pytest.raises(ValueError, match="expected one classic cross-reference section"):
        archival.with_stream_eols(b"%PDF-1.4\nstartxref\n9\n%%EOF\n")


def test_a_stream_whose_data_ends_in_cr_keeps_its_length(tmp_path):
    """Compressed data ends in a CR byte once in 256 streams; an LF after it would read as
    one CR LF end-of-line and the data as one byte short of /Length (PDF/A-2a's
    stream-length rule failed on such a memo). CR LF goes after it instead."""
    import page

    before = plain_pdf()
    length = re.search(rb"/Length (\d+)", before)
    start = before.index(b"stream\n", length.end()) + len(b"stream\n")
    end = start + int(length.group(1))
    assert before[end - 1:end] == b"\n"  # its data ends in LF: make that byte a CR
    crafted = before[:end - 1] + b"\r" + before[end:]
    after = archival.with_stream_eols(crafted)
    assert after.count(b"\r\r\nendstream") == 1
    assert raw_streams(after) == raw_streams(crafted)
    path = tmp_path / "cr.pdf"
    path.write_bytes(after)
    result = page.validate_pdf(str(path), profile="2b")
    assert "PDFA2B-STREAM-LENGTH-001" not in {failure.rule_id for failure in result.failures}


def test_the_kept_srgb_profile_is_the_one_pillow_makes(monkeypatch, tmp_path):
    monkeypatch.setenv("BRIEFING_CACHE_DIR", str(tmp_path))
    archival.srgb_profile.cache_clear()
    made = archival.made_srgb_profile()
    assert archival.srgb_profile() == made
    [kept] = tmp_path.glob("srgb-*.icc")
    assert kept.read_bytes() == made

    archival.srgb_profile.cache_clear()
    monkeypatch.setattr(archival, "made_srgb_profile", lambda: pytest.fail("made again"))
    assert archival.srgb_profile() == made
    archival.srgb_profile.cache_clear()


@pytest.mark.parametrize("damage", [
    lambda data: data[:-10],                                  # cut short
    lambda data: b"",
    lambda data: data[:24] + bytes(12) + data[36:],            # the time not fixed
    lambda data: data[:36] + b"xxxx" + data[40:],              # no signature
])
def test_a_damaged_kept_profile_is_made_again_and_replaced(monkeypatch, tmp_path, damage):
    monkeypatch.setenv("BRIEFING_CACHE_DIR", str(tmp_path))
    archival.srgb_profile.cache_clear()
    made = archival.srgb_profile()
    [kept] = tmp_path.glob("srgb-*.icc")
    kept.write_bytes(damage(made))

    archival.srgb_profile.cache_clear()
    assert archival.srgb_profile() == made
    assert kept.read_bytes() == made
    archival.srgb_profile.cache_clear()


def test_the_kept_profile_is_named_by_pillows_colour_module(monkeypatch, tmp_path):
    monkeypatch.setenv("BRIEFING_CACHE_DIR", str(tmp_path))
    first = archival.profile_cache_file()
    import PIL

    monkeypatch.setattr(PIL, "__version__", "0.0.0-other")
    assert archival.profile_cache_file() != first
    assert first.parent == tmp_path
