"""Uploaded files: decide what a file really is from its bytes, store it safely, extract its text.

The uploader's file name is untrusted input. It must be a plain name (no directories, no control
characters) whose extension matches what the content turns out to be; the file is stored under a
generated name, and the original is only ever shown, escaped, and sent back in a
``Content-Disposition`` header after being made safe.

Type detection uses the content: puremagic for signatures, plus structural checks that a
signature alone cannot make (a DOCX is a zip holding ``word/document.xml``; an ODT is a zip whose
``mimetype`` entry names the OpenDocument text type; text must decode as UTF-8 and must not be
HTML in disguise). Executables are refused whatever they are called.

Text extraction is best effort with limits on size and time. A file that passes the type checks
but cannot be read (a truncated PDF, say) is kept, with the failure recorded for moderators.
"""

from __future__ import annotations

import csv
import io
import logging
import re
import time
import unicodedata
import uuid
import zipfile
from dataclasses import dataclass

import nh3
from django.conf import settings
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext, gettext_lazy

from hub.core.markdown import markdown_to_text

logger = logging.getLogger(__name__)

# type key -> (label, extensions, MIME type served, whether text is extracted)
ALLOWED_TYPES: dict[str, tuple[str, tuple[str, ...], str, bool]] = {
    "pdf": ("PDF", (".pdf",), "application/pdf", True),
    "docx": (
        gettext_lazy("Word document"),
        (".docx",),
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        True,
    ),
    "xlsx": (
        gettext_lazy("Excel spreadsheet"),
        (".xlsx",),
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        False,
    ),
    "pptx": (
        gettext_lazy("PowerPoint presentation"),
        (".pptx",),
        "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        False,
    ),
    "odt": (
        gettext_lazy("OpenDocument text"),
        (".odt",),
        "application/vnd.oasis.opendocument.text",
        True,
    ),
    "ods": (
        gettext_lazy("OpenDocument spreadsheet"),
        (".ods",),
        "application/vnd.oasis.opendocument.spreadsheet",
        False,
    ),
    "html": ("HTML", (".html", ".htm"), "text/html", True),
    "markdown": ("Markdown", (".md", ".markdown"), "text/markdown", True),
    "text": (gettext_lazy("Plain text"), (".txt",), "text/plain", True),
    "csv": ("CSV", (".csv",), "text/csv", True),
    "png": (gettext_lazy("PNG image"), (".png",), "image/png", False),
    "jpeg": (gettext_lazy("JPEG image"), (".jpg", ".jpeg"), "image/jpeg", False),
}
EXTENSION_TO_TYPE = {ext: key for key, (_, exts, _, _) in ALLOWED_TYPES.items() for ext in exts}
ODF_MIMETYPES = {
    "application/vnd.oasis.opendocument.text": "odt",
    "application/vnd.oasis.opendocument.spreadsheet": "ods",
}
OOXML_MARKERS = {
    "word/document.xml": "docx",
    "xl/workbook.xml": "xlsx",
    "ppt/presentation.xml": "pptx",
}
EXECUTABLE_SIGNATURES = (
    b"MZ",  # Windows PE / DOS
    b"\x7fELF",  # Linux
    b"\xcf\xfa\xed\xfe",  # Mach-O 64-bit
    b"\xce\xfa\xed\xfe",  # Mach-O 32-bit
    b"\xca\xfe\xba\xbe",  # Mach-O universal / Java class
    b"#!",  # scripts with an interpreter line
)
HTML_SNIFF = re.compile(rb"^\s*(<!doctype\s+html|<html|<head|<body|<script|<svg|<iframe)", re.I)
NAME_MAX = 150
# Office files are zips: refuse ones that would inflate far beyond their size (zip bombs).
ZIP_MAX_UNCOMPRESSED = 200 * 1024 * 1024
ZIP_MAX_ENTRIES = 5000


class UploadRejected(ValueError):
    """The upload was refused; ``str(error)`` is a message fit to show the uploader."""


@dataclass
class CheckedUpload:
    """A validated upload, ready to store."""

    file: UploadedFile
    name: str
    type_key: str
    size: int

    @property
    def extension(self) -> str:
        return ALLOWED_TYPES[self.type_key][1][0]


def allowed_extensions_text() -> str:
    return ", ".join(sorted(EXTENSION_TO_TYPE))


def human_size(size: int) -> str:
    if size >= 1024 * 1024:
        return f"{size / (1024 * 1024):.0f} MB"
    if size >= 1024:
        return f"{size / 1024:.0f} KB"
    return f"{size} bytes"


def check_name(name: str | None) -> str:
    """Refuse names that try to be paths or hide characters; return the name unchanged."""
    if not name or not name.strip():
        raise UploadRejected(gettext("The file has no name. Rename it, for example report.pdf."))
    if any(unicodedata.category(char) in {"Cc", "Cf", "Zl", "Zp"} for char in name):
        raise UploadRejected(
            gettext(
                "The file name contains control characters. Rename it using letters, numbers, "
                "spaces, hyphens and dots."
            )
        )
    if "/" in name or "\\" in name or ".." in name or name.startswith(".") or ":" in name:
        raise UploadRejected(
            gettext(
                "The file name looks like a path (it contains /, \\, : or ..). Rename it, for "
                "example report.pdf."
            )
        )
    if len(name) > NAME_MAX:
        raise UploadRejected(
            gettext("The file name must be %(NAME_MAX)s characters or fewer.")
            % {"NAME_MAX": NAME_MAX}
        )
    return name


def _zip_type(head: bytes, file) -> str | None:
    """Identify an Office/OpenDocument zip by its structure, or None if it is not one."""
    try:
        file.seek(0)
        with zipfile.ZipFile(file) as archive:
            infos = archive.infolist()
            if len(infos) > ZIP_MAX_ENTRIES:
                raise UploadRejected(gettext("The file holds too many parts to be a document."))
            if sum(info.file_size for info in infos) > ZIP_MAX_UNCOMPRESSED:
                raise UploadRejected(
                    gettext("The file expands to far more than its size; not accepted.")
                )
            names = {info.filename for info in infos}
            if "mimetype" in names:
                mimetype = archive.read("mimetype")[:100].decode("ascii", "replace").strip()
                if mimetype in ODF_MIMETYPES:
                    return ODF_MIMETYPES[mimetype]
            if "[Content_Types].xml" in names:
                for marker, key in OOXML_MARKERS.items():
                    if marker in names:
                        return key
    except zipfile.BadZipFile:
        return None
    finally:
        file.seek(0)
    return None


def _text_type(data: bytes, claimed: str) -> str | None:
    """The text type the content supports: HTML only if it looks like HTML, else the claim."""
    if b"\x00" in data:
        return None
    try:
        data.decode("utf-8-sig")
    except UnicodeDecodeError:
        # A truncated read can cut a multi-byte character; accept if only the tail is broken.
        try:
            data[:-4].decode("utf-8-sig")
        except UnicodeDecodeError:
            return None
    looks_html = bool(HTML_SNIFF.match(data[:2048])) or b"<script" in data.lower()
    if claimed == "html":
        return "html"
    return "html" if looks_html else claimed


def detect_type(file, claimed: str) -> str | None:
    """What the bytes are, as one of ``ALLOWED_TYPES`` keys (or "executable", or None)."""
    file.seek(0)
    head = file.read(8192)
    file.seek(0)
    if head.startswith(EXECUTABLE_SIGNATURES):
        return "executable"
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if head.startswith(b"PK\x03\x04"):
        return _zip_type(head, file)
    if claimed in {"html", "markdown", "text", "csv"}:
        file.seek(0)
        data = file.read(1024 * 1024)
        file.seek(0)
        return _text_type(data, claimed)
    if HTML_SNIFF.match(head):
        return "html"
    # Anything else: let puremagic name it, for refusing executables and for the message.
    return _puremagic_guess(head)


def _puremagic_guess(head: bytes) -> str | None:
    import puremagic

    try:
        matches = puremagic.magic_string(head)
    except (puremagic.PureError, ValueError):
        return None
    if matches and matches[0].extension in {".exe", ".dll", ".elf", ".msi", ".com", ".bat"}:
        return "executable"
    if matches and matches[0].extension in {".html", ".htm", ".xhtml"}:
        return "html"
    return None


def check_upload(file: UploadedFile, *, name: str | None = None) -> CheckedUpload:
    """Validate an upload: size, name, and that the content is an allowed type matching the name.

    ``name`` is the name as the browser sent it, before Django took directory parts off, so a
    path-traversal attempt is refused rather than quietly renamed.
    """
    limit = settings.UPLOAD_MAX_BYTES
    if file.size is not None and file.size > limit:
        raise UploadRejected(
            gettext("The file must be smaller than %(human_size)s.")
            % {"human_size": human_size(limit)}
        )
    if file.size == 0:
        raise UploadRejected(gettext("The file is empty."))
    name = check_name(name if name is not None else file.name)
    extension = ("." + name.rsplit(".", 1)[-1].lower()) if "." in name else ""
    claimed = EXTENSION_TO_TYPE.get(extension)
    detected = detect_type(file, claimed or "")
    if detected == "executable":
        raise UploadRejected(gettext("The file is a program. Programs cannot be uploaded."))
    if claimed is None:
        raise UploadRejected(
            gettext(
                "Files ending %(extension)s cannot be uploaded. Upload one of: %(allowed_extensions_text)s."
            )
            % {
                "extension": extension or gettext("with no extension"),
                "allowed_extensions_text": allowed_extensions_text(),
            }
        )
    if detected != claimed:
        what = (
            ALLOWED_TYPES[detected][0]
            if detected in ALLOWED_TYPES
            else gettext("not a file type we accept")
        )
        raise UploadRejected(
            gettext(
                "The file is called %(extension)s but its content is %(what)s. Upload a real %(claimed)s file, or give the file its proper name."
            )
            % {"extension": extension, "what": what, "claimed": ALLOWED_TYPES[claimed][0]}
        )
    return CheckedUpload(file=file, name=name, type_key=claimed, size=file.size or 0)


def store(upload: CheckedUpload) -> str:
    """Save under a generated name in MEDIA_ROOT/artefacts; returns the storage path."""
    path = f"artefacts/{uuid.uuid4().hex}{upload.extension}"
    upload.file.seek(0)
    saved = default_storage.save(path, upload.file)
    return saved


def delete_stored(path: str) -> None:
    if path:
        default_storage.delete(path)


def safe_download_name(name: str, type_key: str) -> str:
    """An ASCII-safe file name for Content-Disposition, keeping the right extension."""
    stem = name.rsplit(".", 1)[0] if "." in name else name
    stem = unicodedata.normalize("NFKD", stem).encode("ascii", "ignore").decode()
    stem = re.sub(r"[^A-Za-z0-9._ -]+", "", stem).strip(" .") or "download"
    return f"{stem[:100]}{ALLOWED_TYPES[type_key][1][0]}"


# --- Text extraction -------------------------------------------------------------------------


@dataclass
class Extraction:
    status: str  # an ExtractionStatus value
    text: str = ""
    error: str = ""


class _Budget:
    """Stops extraction when it has produced enough text or taken too long."""

    def __init__(self) -> None:
        self.max_chars = settings.SHARING_EXTRACT_MAX_CHARS
        self.deadline = time.monotonic() + settings.SHARING_EXTRACT_SECONDS
        self.parts: list[str] = []
        self.size = 0
        self.truncated = False

    def add(self, text: str) -> bool:
        """Add text; False once either limit is reached (the caller stops reading)."""
        if not text:
            return not self._over_time()
        room = self.max_chars - self.size
        if len(text) > room:
            text = text[:room]
            self.truncated = True
        self.parts.append(text)
        self.size += len(text)
        return self.size < self.max_chars and not self._over_time()

    def _over_time(self) -> bool:
        if time.monotonic() > self.deadline:
            self.truncated = True
            return True
        return False

    def result(self) -> Extraction:
        text = " ".join(" ".join(self.parts).split())
        if not text:
            return Extraction(status="empty")
        return Extraction(status="truncated" if self.truncated else "ok", text=text)


def _extract_pdf(file, budget: _Budget) -> None:
    from pypdf import PdfReader

    reader = PdfReader(file, strict=False)
    for page in reader.pages:
        if not budget.add(page.extract_text() or ""):
            break


def _extract_docx(file, budget: _Budget) -> None:
    import docx

    document = docx.Document(file)
    for paragraph in document.paragraphs:
        if not budget.add(paragraph.text):
            return
    for table in document.tables:
        for row in table.rows:
            if not budget.add(" ".join(cell.text for cell in row.cells)):
                return


def _extract_odt(file, budget: _Budget) -> None:
    from odf import teletype, text
    from odf.opendocument import load

    document = load(file)
    for element in document.getElementsByType(text.P) + document.getElementsByType(text.H):
        if not budget.add(teletype.extractText(element)):
            return


def _read_text(file) -> str:
    return file.read(settings.SHARING_EXTRACT_MAX_CHARS * 4).decode("utf-8-sig", "replace")


def _extract_plain(file, budget: _Budget, type_key: str) -> None:
    raw = _read_text(file)
    if type_key == "html":
        budget.add(nh3.clean(raw, tags=set(), clean_content_tags={"script", "style"}))
    elif type_key == "markdown":
        budget.add(markdown_to_text(raw))
    elif type_key == "csv":
        for row in csv.reader(io.StringIO(raw)):
            if not budget.add(" ".join(row)):
                return
    else:
        budget.add(raw)


def extract_text(file, type_key: str) -> Extraction:
    """Extract searchable text within the size and time limits. Never raises."""
    if not ALLOWED_TYPES.get(type_key, ("", (), "", False))[3]:
        return Extraction(status="n/a")
    budget = _Budget()
    try:
        file.seek(0)
        if type_key == "pdf":
            _extract_pdf(file, budget)
        elif type_key == "docx":
            _extract_docx(file, budget)
        elif type_key == "odt":
            _extract_odt(file, budget)
        else:
            _extract_plain(file, budget, type_key)
    except Exception as error:
        logger.info("text extraction failed for a %s upload: %r", type_key, error)
        return Extraction(status="failed", error=f"{type(error).__name__}: {error}"[:300])
    finally:
        file.seek(0)
    return budget.result()
