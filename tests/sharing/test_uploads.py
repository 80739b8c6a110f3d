"""Type detection from content, hostile names, and text extraction with real files."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from hub.sharing import uploads
from tests.sharing.files import make_docx, make_odt, make_pdf, make_png, make_zip


def upload(name: str, data: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data)


@pytest.mark.parametrize(
    ("name", "data", "expected"),
    [
        ("report.pdf", make_pdf("Hello"), "pdf"),
        ("notes.docx", make_docx("Hello"), "docx"),
        ("notes.odt", make_odt("Hello"), "odt"),
        ("page.html", b"<!doctype html><title>x</title><p>Hello</p>", "html"),
        ("README.md", b"# Title\n\nSome *text*.", "markdown"),
        ("notes.txt", "Plain text, with a £ sign.".encode(), "text"),
        ("data.csv", b"ward,bins\nNorth,12\n", "csv"),
        ("map.png", make_png(), "png"),
    ],
)
def test_allowed_types_are_accepted_by_content(name, data, expected):
    checked = uploads.check_upload(upload(name, data))
    assert checked.type_key == expected


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("invoice.pdf", b"MZ\x90\x00" + b"\x00" * 200, "is a program"),
        ("tool.pdf", b"\x7fELF\x02\x01\x01" + b"\x00" * 200, "is a program"),
        ("script.txt", b"#!/bin/sh\nrm -rf /\n", "is a program"),
        (
            "page.pdf",
            b"<!DOCTYPE html><html><script>alert(1)</script></html>",
            "its content is HTML",
        ),
        ("report.pdf", make_docx("Hello"), "its content is Word document"),
        ("notes.docx", make_pdf("Hello"), "its content is PDF"),
        ("notes.docx", make_zip({"hello.txt": b"hi"}), "not a file type we accept"),
        ("notes.txt", b"<html><body>sneaky</body></html>", "its content is HTML"),
        ("photo.png", b"\xff\xd8\xff\xe0" + b"\x00" * 100, "its content is JPEG image"),
        ("archive.zip", make_zip({"a.txt": b"a"}), "Files ending .zip cannot be uploaded"),
        ("noextension", b"hello", "with no extension"),
        ("binary.txt", b"\x00\x01\x02\x03binary", "not a file type we accept"),
    ],
)
def test_content_that_does_not_match_the_name_is_rejected(name, data, message):
    with pytest.raises(uploads.UploadRejected) as error:
        uploads.check_upload(upload(name, data))
    assert message in str(error.value)


@pytest.mark.parametrize(
    "name",
    [
        "../../etc/passwd.pdf",
        "..\\..\\windows\\evil.pdf",
        "/absolute/path.pdf",
        "C:report.pdf",
        "report\x00.pdf",
        "report\n.pdf",
        "report\u202etxt.pdf",  # right-to-left override hides the real extension
        ".hidden.pdf",
        "x" * 200 + ".pdf",
    ],
)
def test_path_traversal_and_control_character_names_are_rejected(name):
    with pytest.raises(uploads.UploadRejected):
        uploads.check_upload(upload("safe.pdf", make_pdf("Hello")), name=name)


def test_oversized_file_is_rejected(settings):
    settings.UPLOAD_MAX_BYTES = 1000
    with pytest.raises(uploads.UploadRejected, match="smaller than 1000 bytes"):
        uploads.check_upload(upload("big.txt", b"a" * 1001))


def test_zip_bomb_shaped_document_is_rejected(monkeypatch):
    monkeypatch.setattr(uploads, "ZIP_MAX_UNCOMPRESSED", 1000)
    data = make_zip(
        {"[Content_Types].xml": b"<x/>", "word/document.xml": b"<w>" + b"a" * 5000 + b"</w>"}
    )
    with pytest.raises(uploads.UploadRejected, match="expands"):
        uploads.check_upload(upload("bomb.docx", data))


@pytest.mark.parametrize(
    ("name", "data", "words"),
    [
        ("report.pdf", make_pdf("Wheelie bin sticker trial"), "Wheelie bin sticker trial"),
        ("notes.docx", make_docx("Garden waste", "subscription renewals"), "subscription renewals"),
        ("notes.odt", make_odt("Pothole photographs by landmark"), "Pothole photographs"),
        ("page.html", b"<p>Visible words</p><script>var hidden = 1;</script>", "Visible words"),
        ("README.md", b"# Heading\n\nA **bold** claim.", "Heading A bold claim."),
        ("data.csv", b"ward,bins\nNorth,12\n", "ward bins North 12"),
    ],
)
def test_text_is_extracted_from_each_format(name, data, words):
    file = upload(name, data)
    checked = uploads.check_upload(file)
    extraction = uploads.extract_text(file, checked.type_key)
    assert extraction.status == "ok", extraction.error
    assert words in extraction.text
    assert "hidden" not in extraction.text


def test_malformed_pdf_is_kept_with_extraction_failure_recorded():
    broken = b"%PDF-1.7\n1 0 obj << /Type /Catalog /Pages 9 0 R >> endobj\ngarbage\x00\xff"
    file = upload("broken.pdf", broken)
    checked = uploads.check_upload(file)  # the type is allowed, so the upload is accepted
    extraction = uploads.extract_text(file, checked.type_key)
    assert extraction.status in {"failed", "empty"}
    assert extraction.text == ""


def test_malformed_docx_fails_extraction_safely():
    data = make_zip({"[Content_Types].xml": b"<not xml", "word/document.xml": b"<also broken"})
    file = upload("broken.docx", data)
    checked = uploads.check_upload(file)
    extraction = uploads.extract_text(file, checked.type_key)
    assert extraction.status == "failed"
    assert extraction.error


def test_extraction_stops_at_the_size_limit(settings):
    settings.SHARING_EXTRACT_MAX_CHARS = 50
    file = upload("long.txt", b"word " * 1000)
    extraction = uploads.extract_text(file, "text")
    assert extraction.status == "truncated"
    assert len(extraction.text) <= 50


def test_safe_download_name_strips_everything_odd():
    assert uploads.safe_download_name('Bins "plan"; v2 é.pdf', "pdf") == "Bins plan v2 e.pdf"
    assert uploads.safe_download_name("\u202e\u202e.pdf", "pdf") == "download.pdf"
