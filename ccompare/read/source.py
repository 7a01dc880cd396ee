"""Read a file into NFC text, refusing what is not text we can trust.

Spans everywhere in ccompare are code-point offsets into `SourceText.text`.
"""

from __future__ import annotations

import errno
import hashlib
import os
import re
import stat
import unicodedata
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from ccompare.read.errors import ReadError
from ccompare.read.fold import fold
from ccompare.read.limits import current_limits, exceeded

MAX_BYTES = current_limits().max_bytes  # CCOMPARE_MAX_BYTES
_CHUNK = 1 << 20
TEXT_SUFFIXES = {".txt", ".md", ".markdown", ".text"}

# Characters that Vietnamese text in TCVN3/VNI shows when read as Windows-1252/Latin-1.
# Letters Vietnamese never uses, and symbols, that TCVN3/VNI text shows when read as Latin-1.
_LEGACY_MARKERS = set("¸µ¶·¹¨©ª«¬®¯°±²³´º»¼½¾¿×ÞßäåæçëïñöøûüÿÄÅÆÇËÏÑÖØÛÜ")
# Letters only Unicode Vietnamese has (Latin Extended-A/Additional), never legacy mojibake.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f]")  # category Cc but tab, newlines, form feed
_VIETNAMESE = re.compile(r"[ăđơưĂĐƠƯ\u1ea0-\u1ef9]")


@dataclass(frozen=True)
class Line:
    number: int  # 1-based
    start: int
    end: int  # end of text, without the newline
    text: str


@dataclass(frozen=True)
class SourceText:
    path: str
    sha256: str
    text: str
    encoding: str = "utf-8"

    @cached_property
    def folded(self) -> str:
        return fold(self.text)

    @cached_property
    def lines(self) -> tuple[Line, ...]:
        out, pos = [], 0
        for i, raw in enumerate(self.text.split("\n"), start=1):
            body = raw[:-1] if raw.endswith("\r") else raw
            out.append(Line(i, pos, pos + len(body), body))
            pos += len(raw) + 1
        return tuple(out)

    def line_at(self, offset: int) -> int:
        """1-based line number of a code-point offset."""
        return self.text.count("\n", 0, offset) + 1


def display_path(path: Path) -> str:
    """Relative to the working directory when inside it, so outputs are machine-independent."""
    try:
        return path.resolve().relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return path.as_posix()


def decode(data: bytes, path: str) -> tuple[str, str]:
    """Bytes -> (text, encoding name) or ReadError with the reason."""
    if data.startswith(b"\xef\xbb\xbf"):
        return _strict(data[3:], "utf-8", path), "utf-8-sig"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return _strict(data, "utf-16", path), "utf-16"
    if len(data) >= 4 and data.count(b"\x00") > len(data) // 4:
        # UTF-16 without BOM: every other byte of ASCII-range text is NUL.
        even, odd = data[0::2].count(0), data[1::2].count(0)
        enc = "utf-16-le" if odd > even else "utf-16-be"
        try:
            return data.decode(enc), enc
        except UnicodeDecodeError:
            raise ReadError(path, "binary file (not text)") from None
    if b"\x00" in data:
        raise ReadError(path, "binary file (not text)")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as exc:
        raise ReadError(
            path,
            f"not UTF-8 or UTF-16 (byte 0x{data[exc.start]:02x} at offset {exc.start}); "
            "probably a legacy Vietnamese encoding (TCVN3/VNI/CP1258): convert it to Unicode first",
        ) from None


def _strict(data: bytes, encoding: str, path: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise ReadError(path, f"invalid {encoding} at byte offset {exc.start}") from None


def check_text(text: str, path: str) -> None:
    if not text.strip():
        raise ReadError(path, "empty file")
    controls = len(_CONTROL.findall(text))
    if controls > max(8, len(text) // 100):
        raise ReadError(path, "binary file (too many control characters)")
    markers = sum(1 for c in text if c in _LEGACY_MARKERS)
    if markers > 20 and markers > 3 * len(_VIETNAMESE.findall(text)):
        raise ReadError(
            path,
            "text looks like a legacy Vietnamese encoding (TCVN3/VNI) shown as Latin-1: "
            "convert it to Unicode first",
        )


_KINDS = ((stat.S_ISFIFO, "a FIFO (named pipe)"), (stat.S_ISCHR, "a character device"),
          (stat.S_ISBLK, "a block device"), (stat.S_ISSOCK, "a socket"))


def read_input_bytes(path: Path, shown: str, max_bytes: int | None = None) -> bytes:
    """The bytes of a regular file, at most `max_bytes` of them, or ReadError.

    Why: a FIFO blocks forever and a device (/dev/zero) reports size 0 but never ends, so the
    file is opened without blocking, refused unless fstat says it is a regular file, and read
    with a cap that holds even when the file grows while it is read.
    """
    limit = current_limits().max_bytes if max_bytes is None else max_bytes
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except FileNotFoundError:
        raise ReadError(shown, "no such file") from None
    except IsADirectoryError:
        raise ReadError(shown, "is a folder, not a file") from None
    except OSError as exc:
        raise ReadError(shown, f"cannot read ({exc.strerror or exc})") from None
    try:
        st = os.fstat(fd)
        if stat.S_ISDIR(st.st_mode):
            raise ReadError(shown, "is a folder, not a file")
        if not stat.S_ISREG(st.st_mode):
            kind = next((name for test, name in _KINDS if test(st.st_mode)), "not a regular file")
            raise ReadError(shown, f"is {kind}, not a regular file: save it to a file first")
        if st.st_size > limit:
            raise ReadError(shown, _too_large(st.st_size, limit))
        if st.st_size == 0:
            raise ReadError(shown, "empty file")
        chunks, total = [], 0
        while True:
            try:
                chunk = os.read(fd, _CHUNK)
            except BlockingIOError:  # regular files never block; be safe anyway
                raise ReadError(shown, "cannot read (would block)") from None
            if not chunk:
                break
            total += len(chunk)
            if total > limit:
                raise ReadError(shown, _too_large(total, limit))
            chunks.append(chunk)
        return b"".join(chunks)
    except OSError as exc:
        if exc.errno == errno.EISDIR:
            raise ReadError(shown, "is a folder, not a file") from None
        raise ReadError(shown, f"cannot read ({exc.strerror or exc})") from None
    finally:
        os.close(fd)


def _too_large(size: int, limit: int) -> str:
    from ccompare.read.limits import Limits

    return exceeded("max_bytes", Limits(max_bytes=limit), size)


def read_source(path: str | os.PathLike[str], *, max_bytes: int | None = None) -> SourceText:
    """Read one .txt/.md file as NFC text. Raises ReadError with a one-line reason."""
    p = Path(path)
    shown = display_path(p)
    if p.is_dir():
        raise ReadError(shown, "is a folder, not a file")
    if not p.exists() and not p.is_symlink():
        raise ReadError(shown, "no such file")
    if p.suffix.lower() not in TEXT_SUFFIXES:
        raise ReadError(shown, f"unsupported file type '{p.suffix or '(none)'}' (use .txt or .md)")
    try:
        data = read_input_bytes(p, shown, max_bytes)
    except ReadError as err:
        if err.problem != "empty file":
            raise
        data = b""
    text, encoding = decode(data, shown)
    text = unicodedata.normalize("NFC", text)
    check_text(text, shown)
    return SourceText(shown, hashlib.sha256(data).hexdigest(), text, encoding)
