"""Ending a session's transaction before a slow network call, when that is safe.

On SQLite every transaction starts with BEGIN IMMEDIATE (db.py), so even a transaction
that has only read holds the database's write lock until it ends; on PostgreSQL an open
transaction keeps its row locks. A use case that calls a server (CalDAV) therefore ends
its transaction first: it reads what the call needs into plain values, commits, talks to
the server with no transaction open, and records the answer in a short transaction.

A transaction that has already written cannot be ended that way without committing half
a change; `end_read` says so and ends nothing, and the caller must do without the call.
"""
from __future__ import annotations

from sqlalchemy import event
from sqlalchemy.orm import Session, scoped_session

_WROTE = "sprechzeit_wrote_in_transaction"


@event.listens_for(Session, "after_flush")
def _flushed(session: Session, _context) -> None:
    session.info[_WROTE] = True  # after_flush fires only when there was something to write


@event.listens_for(Session, "do_orm_execute")
def _executed(state) -> None:
    if state.is_insert or state.is_update or state.is_delete:  # bulk statements
        state.session.info[_WROTE] = True


@event.listens_for(Session, "after_transaction_end")
def _ended(session: Session, transaction) -> None:
    if transaction.parent is None:  # the outermost transaction: committed or rolled back
        session.info.pop(_WROTE, None)


def holds_changes(session: Session) -> bool:
    """True if ending the session's transaction now would commit (or lose) a change."""
    if isinstance(session, scoped_session):
        session = session()  # the thread's Session (the proxy lacks some of its methods)
    if session.in_nested_transaction():
        return True  # the caller's savepoint: its work is not ours to end
    if session.new or session.deleted or any(session.is_modified(o) for o in session.dirty):
        return True
    return bool(session.info.get(_WROTE))


def end_read(session: Session) -> bool:
    """Ends a transaction that has only read (releasing its locks); False if it wrote."""
    if holds_changes(session):
        return False
    session.commit()  # nothing to write: only ends the transaction (a no-op if none is open)
    return True
