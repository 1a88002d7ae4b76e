"""Code that runs inside the Rasa server process: what Rasa 3.6 offers no setting for
(a tracker store that survives a database restart, a polite answer while the action
server is down, per-client rate limits). Imported by the channel module Rasa loads."""
