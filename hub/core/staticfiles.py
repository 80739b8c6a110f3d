"""The production static files storage: hashed names, compressed copies, forgiving source maps."""

from whitenoise.storage import CompressedManifestStaticFilesStorage


class StaticFilesStorage(CompressedManifestStaticFilesStorage):
    """WhiteNoise's manifest storage, except that a missing source map is not fatal.

    Front-end packages ship minified files ending in ``sourceMappingURL=x.map`` whether or not
    the map is copied beside them. Django rewrites that comment to the map's hashed name and
    fails ``collectstatic`` when the map is absent, so the comment is dropped instead (a map is
    a debugging aid, never needed to serve the page). A missing ``url()`` or import target is
    still an error: that one would break the page.
    """

    def url_converter(self, name, hashed_files, template=None):
        convert = super().url_converter(name, hashed_files, template)

        def converter(matchobj):
            try:
                return convert(matchobj)
            except ValueError:
                if "sourceMappingURL" in matchobj.group("matched"):
                    return ""
                raise

        return converter
