"""The streaming side: render nodes (Liquidsoap), Icecast, and how the API talks to them."""
