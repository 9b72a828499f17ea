"""Byvekst: portfolio governance for Miljøløftet."""
