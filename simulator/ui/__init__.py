"""The simulator window: what people see and touch (drawing, input, serial console)."""
