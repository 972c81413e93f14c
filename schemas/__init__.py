"""The XML schemas of xml2argv, shipped as package data (installed as compiler.schemas)."""
