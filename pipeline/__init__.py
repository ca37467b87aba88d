"""Accessible multilingual content pipeline for patient health information."""
