"""Errors of the linkage engine, with messages a person can act on."""


class LinkageError(Exception):
    """Base class."""


class LinkInputError(LinkageError):
    """The input file or table cannot be linked as it is (says what and where)."""


class LinkModelError(LinkageError):
    """A model file is missing, corrupt, or made for another schema version."""
