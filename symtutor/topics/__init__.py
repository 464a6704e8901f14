"""The post's topics beyond single rules: first principles, the gradient, gradient descent, and the chain rule through a network."""
