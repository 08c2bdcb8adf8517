// Terakoya test fixture: qstrs the port needs beyond those found in the sources.
Q(engine_port_min)
