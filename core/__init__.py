"""What etl, geodata and the app share and no one of them owns: name folding, raw-data errors, row accounting.

Nothing here imports from the project's other packages (etl, geodata, store, dashapp, mapa3x1), so
each of them may import from here without creating a cycle.
"""
