// Package datasets ships small real data sets for lessons and tests, so that
// a notebook can train on real images without a download.
//
// Digits is the 8×8 handwritten digits data: 1,797 images of the digits 0 to
// 9, each pixel a count from 0 to 16. It is the test set of the UCI Machine
// Learning Repository's "Optical Recognition of Handwritten Digits" data (E.
// Alpaydin and C. Kaynak, 1998), licensed under Creative Commons Attribution
// 4.0 (CC BY 4.0). The file embedded here, digits.csv.gz, is the copy that
// scikit-learn 1.5.2 distributes as sklearn/datasets/data/digits.csv.gz;
// testdata/extract_digits.sh fetches it again and checks it byte for byte.
//
// The images play the role MNIST plays in fastai's book (chapter 4 tells 3s
// from 7s, then all ten digits) at a size that trains in a notebook cell in
// a fraction of a second:
//
//	d := datasets.LoadDigits()
//	d.Images              // (1797, 8, 8) float32, values 0..16
//	d.Data                // the same pixels as (1797, 64) rows
//	d.Target[0]           // 0, the label of the first image
//	d.Labels              // the labels as a (1797) int64 tensor
package datasets
