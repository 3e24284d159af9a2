"""SQLAlchemy tables. Changing them needs a new Alembic revision in store/migrations/versions."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import Boolean, DateTime, Float, ForeignKey, Integer, String, Text, TypeDecorator, false
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


class UTCDateTime(TypeDecorator[datetime]):
    """Timezone-aware datetimes stored as UTC; SQLite gives them back naive, we put UTC back."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: object) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime: pass an aware datetime")
        return value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect: object) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


class Base(DeclarativeBase):
    pass


class SessionRow(Base):
    __tablename__ = "sessions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    started_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    # Last activity until the session ends, so a killed session still has a sensible end.
    ended_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    # Written as "stopped" when the session begins: a crash or kill leaves it stopped.
    status: Mapped[str] = mapped_column(String(16))
    pain_before: Mapped[int | None] = mapped_column(Integer, nullable=True)
    pain_after: Mapped[int | None] = mapped_column(Integer, nullable=True)
    plan_json: Mapped[str | None] = mapped_column(Text, nullable=True)  # doses used, as JSON

    reps: Mapped[list[RepRow]] = relationship(
        back_populates="session", cascade="all, delete-orphan", order_by="RepRow.id"
    )


class RepRow(Base):
    __tablename__ = "reps"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("sessions.id", ondelete="CASCADE"), index=True)
    exercise_id: Mapped[str] = mapped_column(String(64))
    side: Mapped[str | None] = mapped_column(String(8), nullable=True)
    rep: Mapped[int] = mapped_column(Integer)
    hold_s: Mapped[float] = mapped_column(Float)
    completed_at: Mapped[datetime] = mapped_column(UTCDateTime)
    # What the camera saw of this rep (revision 0002): confirmed (hold done, back to rest), its
    # measured hold, and its fault codes as a JSON list. No frame is ever stored.
    camera: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    camera_hold_s: Mapped[float | None] = mapped_column(Float, nullable=True)
    faults_json: Mapped[str | None] = mapped_column(Text, nullable=True)

    session: Mapped[SessionRow] = relationship(back_populates="reps")


class ScreeningRow(Base):
    __tablename__ = "screenings"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    taken_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    kind: Mapped[str] = mapped_column(String(16))  # "full" or "session_check"
    answers_json: Mapped[str] = mapped_column(Text)  # {question id: "yes" | "no" | "not_sure"}
    result_json: Mapped[str] = mapped_column(Text)  # {"status", "excluded", "reasons", ...}


class SettingRow(Base):
    __tablename__ = "settings"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value_json: Mapped[str] = mapped_column(Text)
