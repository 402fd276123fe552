"""Client check-in links: a client reports pain themselves through a link that needs no
account, and is told at once what to do (docs/checkin.md)."""
