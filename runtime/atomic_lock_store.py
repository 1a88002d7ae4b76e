"""Rasa's Redis lock store, with every change of a lock made atomically.

The cause of the lost message (issue 16): Rasa 3.6's RedisLockStore changes a conversation's
ticket lock by reading it from Redis, changing it in Python and writing it back (issue_ticket,
update_lock, finish_serving, cleanup). Two Rasa instances that get a message of the same
conversation at the same moment can both read "last ticket 4" and both write "ticket 5": each
believes it is being served and both handle their message at once. Both load the same tracker,
and Rasa's SQL tracker store decides what is new by counting the stored events, so the instance
that saves second finds "enough" events already stored and silently drops its own user message
and answer, after the person got the answer with a 200.

Here each of those changes is a Redis transaction (WATCH / MULTI / EXEC): it is applied only if
nobody changed the lock in between, otherwise it is read and applied again. Ticket numbers are
unique, and a ticket is never overwritten by another instance's write.
Configured in endpoints-scaled.yml as `type: runtime.atomic_lock_store.AtomicRedisLockStore`
with the keys of Rasa's `type: redis`.
"""

from __future__ import annotations

import json
from typing import Any, Callable, Optional, Text, Tuple, TypeVar

from rasa.core.lock import TicketLock
from rasa.core.lock_store import LOCK_LIFETIME, LockError, RedisLockStore
from rasa.utils.endpoints import EndpointConfig

T = TypeVar("T")
Change = Callable[[Optional[TicketLock]], Tuple[Optional[TicketLock], T]]


class AtomicRedisLockStore(RedisLockStore):
    def __init__(self, endpoint_config: Optional[EndpointConfig] = None, **kwargs: Any) -> None:
        # Rasa builds a custom lock store from its endpoint configuration; tests pass the keys directly
        if endpoint_config is not None:
            kwargs = {"host": endpoint_config.url or "localhost", **endpoint_config.kwargs, **kwargs}
        super().__init__(**kwargs)

    def _atomically(self, conversation_id: Text, change: Change[T]) -> T:
        """Apply `change` to the stored lock (None: there is none) in one transaction; a lock that
        `change` returns as None, or with no tickets left, is deleted."""
        import redis

        key = self.key_prefix + conversation_id
        with self.red.pipeline() as pipe:
            while True:
                try:
                    pipe.watch(key)
                    raw = pipe.get(key)
                    lock, result = change(TicketLock.from_dict(json.loads(raw)) if raw else None)
                    new = lock.dumps() if lock is not None and lock.tickets else None
                    if new == (raw.decode() if raw else None):
                        # nothing changed (most polls of a waiting instance): no write, so the
                        # others' transactions are not made to start again
                        pipe.unwatch()
                        return result
                    pipe.multi()
                    if new is None:
                        pipe.delete(key)
                    else:
                        pipe.set(key, new)
                    pipe.execute()
                    return result
                except redis.WatchError:
                    continue  # somebody changed the lock meanwhile: read it again

    def issue_ticket(self, conversation_id: Text, lock_lifetime: float = LOCK_LIFETIME) -> int:
        def issue(lock: Optional[TicketLock]) -> Tuple[Optional[TicketLock], int]:
            lock = lock or self.create_lock(conversation_id)
            return lock, lock.issue_ticket(lock_lifetime)

        try:
            return self._atomically(conversation_id, issue)
        except Exception as error:  # Rasa's contract: a LockError
            raise LockError(f"Error while acquiring lock. Error:\n{error}") from error

    def update_lock(self, conversation_id: Text) -> None:
        def drop_expired(lock: Optional[TicketLock]) -> Tuple[Optional[TicketLock], None]:
            if lock:
                lock.remove_expired_tickets()
            return lock, None

        self._atomically(conversation_id, drop_expired)

    def finish_serving(self, conversation_id: Text, ticket_number: int) -> None:
        def finish(lock: Optional[TicketLock]) -> Tuple[Optional[TicketLock], None]:
            if lock:
                lock.remove_ticket_for(ticket_number)
            return lock, None

        self._atomically(conversation_id, finish)

    def cleanup(self, conversation_id: Text, ticket_number: int) -> None:
        # finishing and deleting the emptied lock in one step: a ticket issued in between survives
        self.finish_serving(conversation_id, ticket_number)
