"""Answers kept for repeated query texts: the web server answers them without a worker.

The endpoint serves a graph that does not change while it runs (graph files
loaded at start-up, or a store opened read-only), so the same query text,
asked for in the same format, has the same answer. :class:`ReplyCache` keeps
successful answers (200) up to a total size in bytes, dropping the least
recently used first; an answer larger than a sixteenth of the total is not
kept. Nothing is kept for a remote endpoint (``--endpoint``), whose data may
change (:attr:`~stargate_kg.server.settings.Settings.reply_cache_bytes`).

>>> from stargate_kg.server.answers import Reply
>>> cache = ReplyCache(16_000)
>>> cache.put(("ASK {}", None, None), Reply(200, "application/sparql-results+json", b"x" * 60))
>>> cache.get(("ASK {}", None, None)).body[:3], cache.get(("ASK { ?s ?p ?o }", None, None))
(b'xxx', None)
>>> cache.put(("big", None, None), Reply(200, "text/csv", b"x" * 1001)); cache.get(("big", None, None))
"""

from collections import OrderedDict


class ReplyCache:
    """Successful answers by (query text, Accept header, format name), at most ``size`` bytes in all."""

    def __init__(self, size):
        self.size, self.used, self._items = size, 0, OrderedDict()

    def __len__(self):
        return len(self._items)

    def get(self, key):
        reply = self._items.get(key)
        if reply is not None:
            self._items.move_to_end(key)
        return reply

    def put(self, key, reply):
        cost = _cost(key, reply)
        if reply.status != 200 or cost > self.size // 16 or key in self._items:
            return
        self._items[key] = reply
        self.used += cost
        while self.used > self.size:
            old_key, old = self._items.popitem(last=False)
            self.used -= _cost(old_key, old)


def _cost(key, reply):
    return len(reply.body) + sum(len(k) for k in key if k) + 200
