"""DELETE /api/v1/conversations/{id}: a person deletes their own conversation (widget button).

The conversation id is a random value only the person's browser knows, so knowing it
is what entitles to delete. Deleting twice is fine (idempotent, 204 both times).
"""

from __future__ import annotations

import logging

from fastapi import APIRouter, Depends, Response
from fastapi.responses import JSONResponse

from bot.hotline.conversations import CONVERSATION_ID
from bot.settings import ROOT, Settings, get_settings
from bot.tracker_db import delete_conversation, tracker_db_url

logger = logging.getLogger(__name__)
router = APIRouter(prefix="/api/v1", tags=["Gespräche"])


@router.delete(
    "/conversations/{conversation_id}",
    status_code=204,
    summary="Gespräch löschen",
    responses={204: {"description": "Gelöscht (oder gab es nicht)"}, 422: {"description": "Ungültige Gesprächsnummer"}},
)
def delete(conversation_id: str, settings: Settings = Depends(get_settings)):
    if not CONVERSATION_ID.match(conversation_id):
        return JSONResponse(
            status_code=422,
            content={
                "message": "Ungültige Gesprächsnummer.",
                "errors": [{"field": "conversation_id", "message": "Ungültige Gesprächsnummer."}],
            },
        )
    url = tracker_db_url(settings.endpoints_file, ROOT)
    if url is None:
        return JSONResponse(status_code=501, content={"message": "Der Gesprächsspeicher kann nicht löschen."})
    removed = delete_conversation(url, conversation_id)
    # no id and no content in the log: only that a deletion happened
    logger.info("conversation deleted on request (%d events)", removed)
    return Response(status_code=204)
