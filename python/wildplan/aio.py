"""asyncio helpers: wildplan's calls run in a worker thread (asyncio.to_thread), with the GIL
released during the C++ work, so that the event loop keeps serving meanwhile.

    outcome = await wildplan.aio.apply(reply=text, session=sid, iteration=n, commit=True)
"""

import asyncio
import functools

import wildplan

__all__ = ["extract", "read_reply", "parse", "validate", "diff", "apply", "check", "start",
           "uncheck", "cancel", "block", "set_status", "add"]


def _in_thread(fn):
    @functools.wraps(fn)
    async def call(*args, **kwargs):
        return await asyncio.to_thread(fn, *args, **kwargs)

    call.__doc__ = f"Awaitable :func:`wildplan.{fn.__name__}`, run in a worker thread.\n\n" + (
        fn.__doc__ or "")
    return call


extract = _in_thread(wildplan.extract)
read_reply = _in_thread(wildplan.read_reply)
parse = _in_thread(wildplan.parse)
validate = _in_thread(wildplan.validate)
diff = _in_thread(wildplan.diff)
apply = _in_thread(wildplan.apply)
check = _in_thread(wildplan.check)
start = _in_thread(wildplan.start)
uncheck = _in_thread(wildplan.uncheck)
cancel = _in_thread(wildplan.cancel)
block = _in_thread(wildplan.block)
set_status = _in_thread(wildplan.set_status)
add = _in_thread(wildplan.add)
