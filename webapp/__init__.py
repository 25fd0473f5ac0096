"""The Streamlit shell's shared pieces (the core is geo/; this package only talks to Streamlit)."""
