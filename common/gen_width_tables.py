#!/usr/bin/env python3
"""Generate common/utf8_tables.h, the display width tables of common/utf8.c.

Usage: python3 common/gen_width_tables.py [UCD-DIR] > common/utf8_tables.h

UCD-DIR is a folder holding the Unicode Character Database files
UnicodeData.txt, EastAsianWidth.txt, DerivedCoreProperties.txt and
HangulSyllableType.txt (Debian's unicode-data package puts them in
/usr/share/unicode, the default).  Python 3 standard library only.

Four tables come out, each a sorted list of merged, disjoint ranges:

  utf8_zero_width  code points that take no column: nonspacing and
                   enclosing marks (Mn, Me), Hangul jamo vowels and final
                   consonants (they join the leading consonant's cell), and
                   default-ignorable code points (ZWSP, ZWJ, bidi controls,
                   variation selectors, BOM, tags) except the soft hyphen,
                   which terminals draw as a hyphen, and the Hangul fillers
                   (Lo), which fonts draw as blank cells.
  utf8_wide        East_Asian_Width W or F, including the unassigned code
                   points that EastAsianWidth.txt says default to W.

  utf8_ignorable   Default_Ignorable_Code_Point, all of it: invisible in
                   normal rendering, so not in a nickname (alice and
                   alice U+200B would look alike).
  utf8_layout      format characters that steer how the text around them
                   is laid out or hide in it: the default-ignorable Cf
                   characters (bidi embeddings, overrides, isolates and
                   marks, ZWSP, word joiner, BOM...) but ZWNJ and ZWJ,
                   which scripts and emoji need, the soft hyphen and the
                   tag characters (flag emoji); the line and paragraph
                   separators (Zl, Zp); the interlinear annotation
                   characters U+FFF9..U+FFFB.  Shown visibly, never raw,
                   to a person at a terminal.

utf8.c looks the zero table up first: a few marks (U+302A, U+3099) are both
W and Mn and take no column of their own.
"""

import bisect
import os
import re
import sys

MAX_CP = 0x10FFFF


def parse_ranges(path):
    """Yield (first, last, fields) for each data line of a UCD property file."""
    with open(path, encoding="utf-8") as fp:
        for line in fp:
            line = line.split("#", 1)[0].strip()
            if not line:
                continue
            fields = [f.strip() for f in line.split(";")]
            cps = fields[0].split("..")
            first = int(cps[0], 16)
            last = int(cps[1], 16) if len(cps) > 1 else first
            yield first, last, fields[1:]


def file_version(path):
    """Return the Unicode version named on a property file's first line."""
    with open(path, encoding="utf-8") as fp:
        first = fp.readline()
    m = re.search(r"-(\d+\.\d+\.\d+)\.txt", first)
    if m is None:
        sys.exit("%s: no version on the first line" % path)
    return m.group(1)


def general_categories(path):
    """Yield (first, last, category) from UnicodeData.txt, joining its
    <..., First> and <..., Last> pairs into one range."""
    start = None
    with open(path, encoding="utf-8") as fp:
        for line in fp:
            fields = line.rstrip("\n").split(";")
            if len(fields) < 3:
                continue
            cp = int(fields[0], 16)
            name, cat = fields[1], fields[2]
            if name.endswith(", First>"):
                start = cp
                continue
            if name.endswith(", Last>"):
                yield start, cp, cat
                start = None
                continue
            yield cp, cp, cat


def merge(ranges):
    """Sort ranges and merge the ones that overlap or touch."""
    out = []
    for first, last in sorted(ranges):
        if out and first <= out[-1][1] + 1:
            if last > out[-1][1]:
                out[-1][1] = last
        else:
            out.append([first, last])
    return out


def subtract(ranges, points):
    """Remove a set of single code points from a list of ranges."""
    out = []
    for first, last in ranges:
        cur = first
        for cp in sorted(p for p in points if first <= p <= last):
            if cp > cur:
                out.append((cur, cp - 1))
            cur = cp + 1
        if cur <= last:
            out.append((cur, last))
    return out


def zero_width(ucd):
    """Ranges of code points that take no column."""
    ranges = []
    letters = []
    for first, last, cat in general_categories(
            os.path.join(ucd, "UnicodeData.txt")):
        if cat in ("Mn", "Me"):
            ranges.append((first, last))
        elif cat == "Lo":
            letters.append((first, last))
    letters = merge(letters)
    starts = [first for first, _ in letters]

    for first, last, fields in parse_ranges(
            os.path.join(ucd, "HangulSyllableType.txt")):
        if fields[0] in ("V", "T"):
            ranges.append((first, last))

    ignorable = []
    for first, last, fields in parse_ranges(
            os.path.join(ucd, "DerivedCoreProperties.txt")):
        if fields[0] == "Default_Ignorable_Code_Point":
            ignorable.append((first, last))
    # The soft hyphen is shown as a hyphen when a line is not broken there;
    # the Hangul fillers are letters that fonts draw as an empty cell.
    # U+1160 is both a filler and a V jamo: it stays zero through the V/T
    # ranges added above.
    keep = {0x00AD}
    for first, last in ignorable:
        for cp in range(first, last + 1):
            i = bisect.bisect_right(starts, cp) - 1
            if i >= 0 and cp <= letters[i][1]:
                keep.add(cp)
    ranges += subtract(ignorable, keep)
    return merge(ranges)


def ignorable(ucd):
    """Ranges of Default_Ignorable_Code_Point."""
    out = []
    for first, last, fields in parse_ranges(
            os.path.join(ucd, "DerivedCoreProperties.txt")):
        if fields[0] == "Default_Ignorable_Code_Point":
            out.append((first, last))
    return merge(out)


def layout(ucd, ignorable_ranges):
    """Ranges of format characters that steer layout or hide."""
    fmt = []
    ranges = [(0xFFF9, 0xFFFB)]
    for first, last, cat in general_categories(
            os.path.join(ucd, "UnicodeData.txt")):
        if cat == "Cf":
            fmt.append((first, last))
        elif cat in ("Zl", "Zp"):
            ranges.append((first, last))
    fmt = merge(fmt)
    keep = {0x00AD, 0x200C, 0x200D} | set(range(0xE0020, 0xE0080))
    for first, last in ignorable_ranges:
        for cp in range(first, last + 1):
            if cp in keep:
                continue
            for a, b in fmt:
                if a <= cp <= b:
                    ranges.append((cp, cp))
                    break
    return merge(ranges)


def wide(ucd):
    """Ranges of code points that take two columns."""
    path = os.path.join(ucd, "EastAsianWidth.txt")
    ranges = []
    with open(path, encoding="utf-8") as fp:
        header = fp.read()
    # The header lists the blocks whose unassigned code points default to W;
    # recent files also list them explicitly, older ones do not.
    m = re.search(r'default to "W":(.*?)#\s*\n#\s*Character', header,
                  re.S)
    if m is not None:
        for a, b in re.findall(r"U\+([0-9A-F]+)\.\.U\+([0-9A-F]+)",
                               m.group(1)):
            ranges.append((int(a, 16), int(b, 16)))
    for first, last, fields in parse_ranges(path):
        if fields[0] in ("W", "F"):
            ranges.append((first, last))
    return merge(ranges)


def emit(name, ranges, comment, out):
    """Write one table as a C array."""
    out.write("/* %s */\n" % comment)
    out.write("static const struct utf8_range %s[] = {\n" % name)
    for i in range(0, len(ranges), 3):
        row = ", ".join("{ 0x%04X, 0x%04X }" % (a, b)
                        for a, b in ranges[i:i + 3])
        out.write("\t%s,\n" % row)
    out.write("};\n")


def main():
    ucd = sys.argv[1] if len(sys.argv) > 1 else "/usr/share/unicode"
    names = ("EastAsianWidth.txt", "DerivedCoreProperties.txt",
             "HangulSyllableType.txt")
    versions = {file_version(os.path.join(ucd, n)) for n in names}
    if len(versions) != 1:
        sys.exit("UCD files of different versions: %s" %
                 ", ".join(sorted(versions)))
    version = versions.pop()

    zero = zero_width(ucd)
    wid = wide(ucd)
    ign = ignorable(ucd)
    lay = layout(ucd, ign)
    for first, last in zero + wid + ign + lay:
        assert 0 <= first <= last <= MAX_CP

    out = sys.stdout
    out.write("/*\n"
              " * Display width tables from the Unicode Character Database"
              " %s.\n"
              " * Generated by common/gen_width_tables.py; do not edit."
              "  Regenerate with\n"
              " *\tpython3 common/gen_width_tables.py /usr/share/unicode"
              " > common/utf8_tables.h\n"
              " * (Debian package unicode-data).  Included by utf8.c"
              " only.\n"
              " */\n" % version)
    out.write("#ifndef NATTER_UTF8_TABLES_H\n"
              "#define NATTER_UTF8_TABLES_H\n\n"
              "#include <stdint.h>\n\n"
              "/* A closed range of code points. */\n"
              "struct utf8_range {\n"
              "\tuint32_t\tfirst;\n"
              "\tuint32_t\tlast;\n"
              "};\n\n"
              "#define UTF8_UNICODE_VERSION\t\"%s\"\n\n" % version)
    emit("utf8_zero_width", zero,
         "Mn, Me, Hangul jamo V/T, Default_Ignorable_Code_Point "
         "but U+00AD and Lo.", out)
    out.write("\n")
    emit("utf8_wide", wid, "East_Asian_Width W or F.", out)
    out.write("\n")
    emit("utf8_ignorable", ign, "Default_Ignorable_Code_Point.", out)
    out.write("\n")
    emit("utf8_layout", lay, "Default-ignorable Cf but ZWNJ, ZWJ, soft "
         "hyphen and tags; Zl, Zp; U+FFF9..U+FFFB.", out)
    out.write("\n#endif\n")


if __name__ == "__main__":
    main()
