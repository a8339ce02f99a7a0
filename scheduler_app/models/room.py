"""Rooms that talks take place in."""
from __future__ import annotations

from enum import StrEnum

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base, text_enum


class RoomKind(StrEnum):
    PARENTS_ROOM = "parents_room"  # B0.04, shared by all teachers
    COUNSELLING = "counselling"  # B0.05, E1.05
    OFFICE = "office"  # the "Deine Chance" office
    CLASSROOM = "classroom"


class Room(Base):
    __tablename__ = "rooms"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(40), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    kind: Mapped[RoomKind] = mapped_column(text_enum(RoomKind, 20))
    is_active: Mapped[bool] = mapped_column(default=True)

    @property
    def label(self) -> str:
        return self.label_of(self.code, self.name)

    @staticmethod
    def label_of(code: str, name: str) -> str:
        """The label for a room's code and name (for queries that load only those two)."""
        return code if name == code else f"{code} {name}"
