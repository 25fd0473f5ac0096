"""The floor of a cold start: a Streamlit app that shows one line of text and nothing else.

``benchmarks/run.py`` times launching it to its text shown, in the same run as the map apps, so
the cold-start budget can be read against what Streamlit itself takes on the machine.
"""

import streamlit as st

st.write("Streamlit floor")
