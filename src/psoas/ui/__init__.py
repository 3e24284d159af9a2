"""Front ends that only render events: the Rich terminal view, plain lines, sound and voice."""
