"""From a patient-level extract to the tables the model uses: stays, daily levels, fitted scenarios, back-tests."""
