"""Item-to-item recommendations for the Acme shop, built nightly from the order history."""

__version__ = "1.4.0"
