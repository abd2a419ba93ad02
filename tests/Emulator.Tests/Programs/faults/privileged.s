// Reads a control register at user level: privileged operation fault, SIGILL.
	.text
	.global	_start
_start:
	mov	r14 = cr.iva
	;;
	break.i	0
