"""Sharing the query workers fairly between clients: per-client accounting of query time.

Like the Wikidata Query Service, the endpoint throttles clients by the time
their queries take, not by how many they send. Each client (an IPv4 address,
or an IPv6 /64 network) has a *bucket* of query seconds that fills with the
worker time its queries use and drains at ``budget / 60`` seconds per second:

* a client whose bucket holds more than ``budget`` seconds (it used more than
  its share of the last minute) gets **429 Too Many Requests** with a
  ``Retry-After`` saying when its bucket is under the budget again;
* the broker hands a free worker to the waiting client that used the least
  time, so a client sending many queries cannot push the others back;
* a *heavy* client (its queries typically take more than ``heavy`` seconds,
  or one has been running longer than that) never takes the last free worker
  while a light client has been seen in the last minute, and when every
  worker runs a heavy client's query while a light client waits, the longest
  of them is stopped and queued again (once): quick queries from other
  clients find a worker, however many slow queries are looping.

:class:`Ledger` keeps the buckets; it is pure bookkeeping (time is passed in),
so it can be tried directly:

>>> ledger = Ledger(budget=60, heavy=0.5)
>>> ledger.charge("10.0.0.1", 90.0, now=0.0)   # 90 s of queries at once
>>> ledger.over_budget("10.0.0.1", now=0.0), ledger.retry_after("10.0.0.1", now=0.0)
(True, 30)
>>> ledger.over_budget("10.0.0.1", now=31.0), ledger.is_heavy("10.0.0.2", now=0.0)
(False, False)
>>> client_key("2001:db8::1"), client_key("2001:db8::2"), client_key("127.0.0.3")
('2001:db8::/64', '2001:db8::/64', '127.0.0.3')
"""

import ipaddress
import math

#: Clients remembered at most; idle ones with empty buckets are forgotten first.
MAX_CLIENTS = 10_000


def client_key(host):
    """The accounting key for a client address: IPv4 as is, IPv6 by its /64 network (one site), else the text.

    >>> client_key("::1"), client_key(None)
    ('::1', '?')
    """
    if not host:
        return "?"
    try:
        addr = ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        return host[:100]
    if addr.version == 6 and not addr.is_loopback:
        if addr.ipv4_mapped:
            return str(addr.ipv4_mapped)
        return str(ipaddress.ip_network(f"{addr}/64", strict=False))
    return str(addr)


class _Client:
    __slots__ = ("level", "recent", "typical", "updated", "seen")

    def __init__(self, now):
        self.level = self.recent = 0.0  # seconds in the budget bucket; seconds used lately (decaying)
        self.typical = None  # a moving average of its queries' durations
        self.updated = self.seen = now


class Ledger:
    """Per-client accounting of query seconds (see the module docstring).

    Three figures per client: its *bucket* (fills with query time, drains at
    ``budget`` seconds per minute; over ``budget``: 429), its *recent* usage
    (query time with a half-life of ``half_life`` seconds: who goes first)
    and the *typical* duration of its queries (a moving average: over
    ``heavy`` seconds, or a query running longer than that, makes it heavy).

    >>> ledger = Ledger(budget=60, heavy=0.5)
    >>> for _ in range(3):
    ...     ledger.charge("slow", 3.0, now=0.0)
    >>> ledger.charge("quick", 0.01, now=0.0)
    >>> ledger.is_heavy("slow", 1.0), ledger.is_heavy("quick", 1.0), ledger.is_heavy("quick", 1.0, running=2.0)
    (True, False, True)
    >>> ledger.recent("slow", 60.0) < ledger.recent("slow", 0.0) == 9.0
    True
    """

    def __init__(self, budget=60.0, heavy=0.5, half_life=60.0, max_clients=MAX_CLIENTS):
        self.budget, self.heavy, self.half_life, self.max_clients = float(budget), float(heavy), half_life, max_clients
        self.drain = self.budget / 60.0
        self._clients = {}

    def __len__(self):
        return len(self._clients)

    def _client(self, client, now):
        c = self._clients.get(client)
        if c is None:
            if len(self._clients) >= self.max_clients:
                self.prune(now, force=True)
            c = self._clients[client] = _Client(now)
        dt = max(0.0, now - c.updated)
        c.level = max(0.0, c.level - self.drain * dt)
        c.recent *= 0.5 ** (dt / self.half_life)
        c.updated = now
        return c

    def seen(self, client, now):
        """Note that ``client`` sent a request."""
        self._client(client, now).seen = now

    def charge(self, client, seconds, now):
        """Add ``seconds`` of worker time used by one of ``client``'s queries."""
        c = self._client(client, now)
        seconds = max(0.0, seconds)
        c.level += seconds
        c.recent += seconds
        c.typical = seconds if c.typical is None else 0.5 * c.typical + 0.5 * seconds

    def usage(self, client, now, running=0.0):
        """Seconds in ``client``'s budget bucket now, plus ``running`` (the time of its queries still running)."""
        c = self._clients.get(client)
        if c is None:
            return running
        return max(0.0, c.level - self.drain * (now - c.updated)) + running

    def recent(self, client, now, running=0.0):
        """Query seconds ``client`` used lately (halved every ``half_life`` seconds), plus ``running``."""
        c = self._clients.get(client)
        if c is None:
            return running
        return c.recent * 0.5 ** (max(0.0, now - c.updated) / self.half_life) + running

    def over_budget(self, client, now, running=0.0):
        return self.usage(client, now, running) > self.budget

    def is_heavy(self, client, now, running=0.0):
        """Whether ``client``'s queries are slow: typically ``heavy`` seconds or more, or one running longer now.

        ``running``: how long its longest query still running has run.
        """
        c = self._clients.get(client)
        return running > self.heavy or (c is not None and c.typical is not None and c.typical >= self.heavy)

    def retry_after(self, client, now, running=0.0):
        """Whole seconds until ``client``'s bucket is back under the budget (at least 1)."""
        excess = self.usage(client, now, running) - self.budget
        return max(1, math.ceil(excess / self.drain)) if self.drain > 0 else 60

    def prune(self, now, force=False):
        """Forget clients with an empty bucket that sent nothing for 10 minutes (``force``: the idlest half too)."""
        for client, c in list(self._clients.items()):
            if self.usage(client, now) == 0.0 and now - c.seen > 600:
                del self._clients[client]
        if force and len(self._clients) >= self.max_clients:
            by_age = sorted(self._clients, key=lambda k: (self.usage(k, now) > 0, self._clients[k].seen))
            for client in by_age[: len(by_age) // 2]:
                del self._clients[client]
