"""LocalGov Hub: the Django project (settings, URLs, ASGI) and its domain apps."""
