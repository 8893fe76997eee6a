"""Every check, in the order findings should read: the body's shape, the conversation, tools, the
model and its parameters, media and size, headers."""

from . import conversation, headers, media, params, shape, tools

ALL = [*shape.CHECKS, *conversation.CHECKS, *tools.CHECKS, *params.CHECKS, *media.CHECKS, *headers.CHECKS]
