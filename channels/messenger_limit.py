"""The per-conversation rate limit for the messenger webhooks (Telegram, WhatsApp).

Their requests all come from the messenger's servers, so only the conversation counts.
A message over the limit is not handled; the person gets one notice per time window,
not one per message, and the webhook still answers 200 (else the messenger would retry).
"""

from __future__ import annotations

import logging

from rasa.core.channels.channel import UserMessage

from runtime.rate_limit import MESSAGE, RateLimiter

logger = logging.getLogger(__name__)


async def over_limit(limiter: RateLimiter, message: UserMessage) -> bool:
    refused = await limiter.refusal(message.sender_id)
    if refused is None:
        return False
    logger.warning("Messenger-Nachricht über dem Rate-Limit nicht bearbeitet.")
    if refused.first:
        await message.output_channel.send_text_message(message.sender_id, MESSAGE)
    return True
