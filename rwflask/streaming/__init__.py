"""Live streams: their life on render nodes (Liquidsoap), their tracks and speakers, liveness, Icecast."""
