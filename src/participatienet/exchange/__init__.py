"""Learning days (leerdagen): programme, registration by public link, waiting list and the
participant list. Group formation and insights build on these models."""
