"""The versioned JSON API: one NinjaAPI at /api/v1/, one router per area (docs/api.md)."""

from ninja import NinjaAPI

from hub.api import errors
from hub.api.routers import blog, channels, conformance, directory, sharing, standards


class HubAPI(NinjaAPI):
    def get_openapi_schema(self, *args, **kwargs):
        """Reads also work without credentials: say so with an empty security requirement."""
        schema = super().get_openapi_schema(*args, **kwargs)
        for methods in schema["paths"].values():
            read = methods.get("get")
            if read is not None and read.get("security"):
                read["security"] = [*read["security"], {}]
        return schema


api = HubAPI(
    title="LocalGov Hub API",
    version="1",
    description=(
        "Read and write the hub's councils, people, posts, working groups, standards, channels "
        "and shared work as JSON. Authenticate with a personal access token "
        "(`Authorization: Bearer <token>`, made on your account settings page) or, from the "
        "hub's own pages, the session plus CSRF token. Anonymous callers read what is public. "
        "Errors are always `{code, message, fields}`. Lists are cursor-paginated: pass "
        "`next_cursor` back as `cursor`."
    ),
    urls_namespace="api-v1",
    docs_url=None,  # the reference page is ours (GOV.UK style, no third-party scripts)
    openapi_url="/openapi.json",
)
errors.install(api)
api.add_router("", directory.router)
api.add_router("", blog.router)
api.add_router("", standards.router)
api.add_router("", conformance.router)
api.add_router("", channels.router)
api.add_router("", sharing.router)
