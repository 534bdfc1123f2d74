"""What PDF/A-2a and PDF/UA-1 ask of a file beyond its tags, as plain bytes and text.

The XMP metadata packet, the sRGB output profile, the ToUnicode map without U+0000, and
an end-of-line before every `endstream`. No reportlab here: tagging.py puts these into
the file it writes.
"""

from __future__ import annotations

import bisect
import hashlib
import itertools
import os
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib.util import find_spec
from pathlib import Path

from ..pattern_cache import cache_dir, store_atomically
from ..xmltext import escape

ICC_DATE = slice(24, 36)
"""Where an ICC profile header keeps its creation time (six big-endian 16-bit numbers)."""
ICC_FIXED_DATE = bytes.fromhex("07d0 0001 0001 0000 0000 0000")
"""2000-01-01 00:00:00: Pillow stamps the current time, which breaks reproducible builds."""
SRGB_CONDITION = "sRGB IEC61966-2.1"
CMAP_BLOCK = 100
"""A CMap's `beginbfchar` block may hold at most 100 entries."""


@dataclass(frozen=True)
class DocumentInfo:
    """The Info dictionary's values, which the XMP packet must repeat exactly."""

    title: str
    author: str
    subject: str
    keywords: str
    creator: str
    producer: str
    date: str
    """A PDF date, "D:YYYYMMDDHHmmSS+HH'mm'"."""


def xmp_date(pdf_date: str) -> str:
    """"D:20231120000000+00'00'" → "2023-11-20T00:00:00+00:00"."""
    match = re.fullmatch(r"D:(\d{4})(\d\d)(\d\d)(\d\d)(\d\d)(\d\d)(?:([+-])(\d\d)'(\d\d)'?|Z)?",
                         pdf_date)
    if not match:
        raise ValueError(f"not a PDF date: {pdf_date!r}")
    year, month, day, hour, minute, second, sign, zone_h, zone_m = match.groups()
    zone = f"{sign}{zone_h}:{zone_m}" if sign else "Z"
    return f"{year}-{month}-{day}T{hour}:{minute}:{second}{zone}"


def xmp_packet(info: DocumentInfo, lang: str) -> bytes:
    """The XMP metadata: Dublin Core, PDF and XMP basics, PDF/A-2a and PDF/UA-1 identification
    (pdfuaid declared through a PDF/A extension schema), UTF-8 and unfiltered."""
    text = escape
    date = xmp_date(info.date)
    packet = f"""<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/">
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
<rdf:Description rdf:about=""
 xmlns:dc="http://purl.org/dc/elements/1.1/"
 xmlns:pdf="http://ns.adobe.com/pdf/1.3/"
 xmlns:xmp="http://ns.adobe.com/xap/1.0/"
 xmlns:pdfaid="http://www.aiim.org/pdfa/ns/id/"
 xmlns:pdfuaid="http://www.aiim.org/pdfua/ns/id/"
 xmlns:pdfaExtension="http://www.aiim.org/pdfa/ns/extension/"
 xmlns:pdfaSchema="http://www.aiim.org/pdfa/ns/schema#"
 xmlns:pdfaProperty="http://www.aiim.org/pdfa/ns/property#">
<dc:format>application/pdf</dc:format>
<dc:title><rdf:Alt><rdf:li xml:lang="x-default">{text(info.title)}</rdf:li></rdf:Alt></dc:title>
<dc:creator><rdf:Seq><rdf:li>{text(info.author)}</rdf:li></rdf:Seq></dc:creator>
<dc:description><rdf:Alt><rdf:li xml:lang="x-default">{text(info.subject)}</rdf:li></rdf:Alt></dc:description>
<dc:language><rdf:Bag><rdf:li>{text(lang)}</rdf:li></rdf:Bag></dc:language>
<pdf:Keywords>{text(info.keywords)}</pdf:Keywords>
<pdf:Producer>{text(info.producer)}</pdf:Producer>
<xmp:CreatorTool>{text(info.creator)}</xmp:CreatorTool>
<xmp:CreateDate>{date}</xmp:CreateDate>
<xmp:ModifyDate>{date}</xmp:ModifyDate>
<pdfaid:part>2</pdfaid:part>
<pdfaid:conformance>A</pdfaid:conformance>
<pdfuaid:part>1</pdfuaid:part>
<pdfaExtension:schemas><rdf:Bag><rdf:li rdf:parseType="Resource">
<pdfaSchema:schema>PDF/UA Universal Accessibility Schema</pdfaSchema:schema>
<pdfaSchema:namespaceURI>http://www.aiim.org/pdfua/ns/id/</pdfaSchema:namespaceURI>
<pdfaSchema:prefix>pdfuaid</pdfaSchema:prefix>
<pdfaSchema:property><rdf:Seq><rdf:li rdf:parseType="Resource">
<pdfaProperty:name>part</pdfaProperty:name>
<pdfaProperty:valueType>Integer</pdfaProperty:valueType>
<pdfaProperty:category>internal</pdfaProperty:category>
<pdfaProperty:description>Indicates which part of ISO 14289 the file follows</pdfaProperty:description>
</rdf:li></rdf:Seq></pdfaSchema:property>
</rdf:li></rdf:Bag></pdfaExtension:schemas>
</rdf:Description>
</rdf:RDF>
</x:xmpmeta>
<?xpacket end="r"?>"""
    return packet.encode("utf-8")


@lru_cache(maxsize=1)
def srgb_profile() -> bytes:
    """An sRGB ICC profile for the output intent, its creation time fixed: the one
    Pillow's colour management makes, kept on disk once made (`profile_cache_file`), so
    that a memo process imports neither Pillow's image module nor its colour module."""
    cache = profile_cache_file()
    if cache is not None:
        try:
            kept = cache.read_bytes()
        except OSError:
            kept = b""
        if is_fixed_srgb_profile(kept):
            return kept
    profile = made_srgb_profile()
    if cache is not None:
        store_atomically(cache, profile, prefix=".srgb-")
    return profile


def made_srgb_profile() -> bytes:
    """The sRGB profile as Pillow's colour management makes it, its creation time fixed."""
    from PIL import ImageCms

    profile = bytearray(ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes())
    profile[ICC_DATE] = ICC_FIXED_DATE
    return bytes(profile)


def profile_cache_file() -> Path | None:
    """Where the profile is kept: named by Pillow's version and the colour module's file
    (path, size, time of change), so another Pillow or littleCMS makes its own; None when
    that module cannot be found."""
    try:
        import PIL
        spec = find_spec("PIL._imagingcms")
        stamp = os.stat(spec.origin) if spec and spec.origin else None
    except (ImportError, OSError, ValueError):
        return None
    if stamp is None:
        return None
    key = f"{PIL.__version__}|{spec.origin}|{stamp.st_size}|{stamp.st_mtime_ns}"
    return cache_dir() / f"srgb-{hashlib.sha256(key.encode()).hexdigest()[:16]}.icc"


def is_fixed_srgb_profile(data: bytes) -> bool:
    """Whether `data` is a whole ICC profile (its header's size, its signature) with the
    fixed creation time: what `made_srgb_profile` returns, not a damaged file."""
    return (len(data) >= 128 and int.from_bytes(data[:4], "big") == len(data)
            and data[36:40] == b"acsp" and data[ICC_DATE] == ICC_FIXED_DATE)


def to_unicode_without_blanks(cmap: str) -> str:
    """A ToUnicode CMap without the entries that map unused codes to U+0000, in blocks of
    at most `CMAP_BLOCK` entries (reportlab writes every code of a subset, in one block)."""
    lines = cmap.split("\n")
    try:
        start = next(i for i, line in enumerate(lines) if line.endswith(" beginbfchar"))
        end = lines.index("endbfchar", start)
    except (StopIteration, ValueError):
        return cmap
    entries = [line for line in lines[start + 1:end] if not line.endswith("<0000>")]
    blocks: list[str] = []
    for first in range(0, len(entries), CMAP_BLOCK):
        chunk = entries[first:first + CMAP_BLOCK]
        blocks += [f"{len(chunk)} beginbfchar", *chunk, "endbfchar"]
    return "\n".join(lines[:start] + blocks + lines[end + 1:])


_OBJECT = re.compile(rb"(\d+) (\d+) obj\b")
_XREF_ENTRY = re.compile(rb"(\d{10}) (\d{5}) ([nf]) \n")
XREF_ENTRY = 20
"""Bytes per cross-reference entry, as reportlab writes them ("0000000061 00000 n \\n")."""


def with_stream_eols(pdf: bytes) -> bytes:
    """The file with an end-of-line before every `endstream` (outside /Length, as PDF/A
    wants) and its cross-reference table and `startxref` moved to match.

    Streams are found from each object's start and its /Length, never by searching the
    data for "endstream"; a file not laid out as reportlab writes it raises ValueError.
    """
    xref_at = int(pdf[pdf.rindex(b"startxref") + 9:].split()[0])
    head = re.compile(rb"xref\n0 (\d+)\n").match(pdf, xref_at)
    if head is None:
        raise ValueError("expected one classic cross-reference section")
    count = int(head.group(1))
    entries = [_XREF_ENTRY.match(pdf, head.end() + XREF_ENTRY * index) for index in range(count)]
    if None in entries:
        raise ValueError("unreadable cross-reference entry")
    objects = [int(entry.group(1)) for entry in entries if entry.group(3) == b"n"]
    inserts = [(point, _eol_after(pdf[point - 1:point]))
               for point in sorted(_stream_ends(pdf, objects, xref_at))]
    pieces, last = [], 0
    for point, eol in inserts:
        pieces += [pdf[last:point], eol]
        last = point
    body = b"".join(pieces) + pdf[last:xref_at]
    points = [point for point, _ in inserts]
    added = list(itertools.accumulate((len(eol) for _, eol in inserts), initial=0))
    moved = {offset: offset + added[bisect.bisect_left(points, offset)] for offset in objects}
    table = [head.group(0)]
    for entry in entries:
        offset, generation, kind = entry.groups()
        value = moved[int(offset)] if kind == b"n" else int(offset)
        table.append(b"%010d %s %s \n" % (value, generation, kind))
    trailer = pdf[head.end() + XREF_ENTRY * count:pdf.rindex(b"startxref")]
    return body + b"".join(table) + trailer + b"startxref\n%d\n%%%%EOF\n" % len(body)


def _eol_after(last_byte: bytes) -> bytes:
    """The end-of-line to put after a stream's data: LF, or CR LF when the data itself ends
    in CR (compressed data does, one stream in 256), since a reader takes "CR" + "LF" as one
    end-of-line and would count the data one byte short of its /Length."""
    return b"\r\n" if last_byte == b"\r" else b"\n"


def _stream_ends(pdf: bytes, offsets: list[int], limit: int) -> list[int]:
    """Where the data of each stream ends: object start, then `stream`, then /Length bytes."""
    ends = []
    ordered = sorted(offsets) + [limit]
    for start, stop in zip(ordered, ordered[1:]):
        if not _OBJECT.match(pdf, start):
            raise ValueError(f"no object at offset {start}")
        keyword = pdf.find(b">>\nstream\n", start, stop)
        if keyword < 0:
            continue
        lengths = re.findall(rb"/Length (\d+)", pdf[start:keyword])
        if not lengths:
            raise ValueError(f"the stream at offset {start} has no direct /Length")
        end = keyword + len(b">>\nstream\n") + int(lengths[-1])
        if pdf[end:end + 9] != b"endstream":
            raise ValueError(f"the stream at offset {start}: /Length does not end at endstream")
        ends.append(end)
    return ends
