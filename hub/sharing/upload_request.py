"""Per-request upload handling: a size limit enforced while streaming, and the raw file name.

Django takes directory parts and control characters off an upload's name before any of our code
sees it, so "../../etc/passwd.pdf" would quietly arrive as "passwd.pdf". We want to refuse such a
name with a message instead, so the parser records the name exactly as the browser sent it.

Both must be set up before the request body is read, which the CSRF middleware does for every
POST. Django's documented answer (see "Modifying upload handlers on the fly") is to mark the view
``csrf_exempt`` and run ``csrf_protect`` on the function that does the work, after the set-up:
``upload_view`` does exactly that, so CSRF is still checked on every upload.
"""

from collections.abc import Callable
from functools import wraps

from django.conf import settings
from django.core.files.uploadhandler import FileUploadHandler, SkipFile
from django.http import HttpRequest, HttpResponse
from django.http.multipartparser import MultiPartParser
from django.utils.datastructures import ImmutableList
from django.views.decorators.csrf import csrf_exempt, csrf_protect


class _RawNameParser(MultiPartParser):
    raw_names: list[str]

    def sanitize_file_name(self, file_name):
        self.raw_names.append(file_name)
        return super().sanitize_file_name(file_name)


class SizeLimitUploadHandler(FileUploadHandler):
    """Skip (and flag) a file as soon as it passes UPLOAD_MAX_BYTES, before it fills the disk."""

    def receive_data_chunk(self, raw_data: bytes, start: int):
        if start + len(raw_data) > settings.UPLOAD_MAX_BYTES:
            self.request.upload_too_large = True
            raise SkipFile
        return raw_data

    def file_complete(self, file_size: int):
        return None


def _prepare(request: HttpRequest) -> None:
    request.upload_too_large = False
    request.raw_upload_names = []
    request.upload_handlers.insert(0, SizeLimitUploadHandler(request))

    def parse_file_upload(META, post_data):
        request.upload_handlers = ImmutableList(
            request.upload_handlers, warning="Upload handlers are fixed once parsing starts."
        )
        parser = _RawNameParser(META, post_data, request.upload_handlers, request.encoding)
        parser.raw_names = request.raw_upload_names
        return parser.parse()

    request.parse_file_upload = parse_file_upload


def upload_view(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Decorate a view that accepts uploads: size limit, raw names, and CSRF still enforced."""
    protected = csrf_protect(view)

    @csrf_exempt
    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if request.method == "POST":
            _prepare(request)
        return protected(request, *args, **kwargs)

    return wrapper


def raw_upload_name(request: HttpRequest) -> str | None:
    """The file name as the browser sent it (the last file field), or None."""
    names = getattr(request, "raw_upload_names", None)
    return names[-1] if names else None
