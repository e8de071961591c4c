#ifndef VIDLM_CV_LOG_H
#define VIDLM_CV_LOG_H

#ifdef __cplusplus
extern "C" {
#endif

// vidlm_cv_silence turns OpenCV's own logging off.
void vidlm_cv_silence(void);

#ifdef __cplusplus
}
#endif

#endif
