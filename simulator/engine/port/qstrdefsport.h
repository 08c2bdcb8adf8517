// qstrs used by Terakoya's port that the core does not already have
Q(main.py)
Q(<stdin>)
Q(function)
Q(.frozen)
