"""The network's pages, thin: parse, check access, call a service, render."""
