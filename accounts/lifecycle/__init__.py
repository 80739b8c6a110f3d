"""Account lifecycle: "download my data" and "delete my account".

Every app that keeps something about a member says so in its own ``member_data.py``
(``registry.py`` documents the two functions), so this package never imports their models.
"""
